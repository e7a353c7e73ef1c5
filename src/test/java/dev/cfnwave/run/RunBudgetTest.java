package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.cfnwave.InputException;
import dev.cfnwave.backend.NodeCapacity;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.PlanException;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunBudgetTest {

  private static List<NodeCapacity> engineWith(String memory) {
    return List.of(new NodeCapacity("local", MemorySize.parse(memory).bytes()));
  }

  @Test
  void aGivenBudgetIsTakenAsIs() {
    RunBudget budget = RunBudget.given(MemorySize.parse("3g"));

    assertThat(budget.size()).isEqualTo(MemorySize.parse("3g"));
    assertThat(budget.description()).isEqualTo("memory budget 3g (--memory-budget)");
  }

  @Test
  void aGivenBudgetCapsTheRunWithinTheEnginesSharedBudget() {
    RunBudget budget = RunBudget.given(MemorySize.parse("3g"), engineWith("20g"), null);

    assertThat(budget.size()).isEqualTo(MemorySize.parse("3g"));
    assertThat(budget.engine()).isEqualTo(MemorySize.parse("18g"));
    assertThat(RunBudget.given(MemorySize.parse("3g"), engineWith("512m"), null).engine())
        .as("the default reserve of a small engine")
        .isEqualTo(MemorySize.parse("512m"));
    assertThatThrownBy(
            () -> RunBudget.given(MemorySize.parse("3g"), engineWith("1g"), MemorySize.parse("1g")))
        .isInstanceOf(InputException.class);
  }

  @Test
  void aBatchOverTheEnginesBudgetIsRefusedEvenWithinTheRunsOwn() {
    WavePlan plan =
        new WavePlan("plan.json", "task", List.of(new Wave(1, List.of(batch("big", "3500m")))));

    assertThatThrownBy(
            () ->
                RunBudget.given(MemorySize.parse("4g"), engineWith("4g"), null)
                    .requireFits(plan, null))
        .isInstanceOf(PlanException.class)
        .hasMessageEndingWith("exceeds the memory budget 3g");
  }

  @Test
  void theDerivedBudgetKeepsTenPercentButAtLeastOneGibibyte() {
    assertThat(RunBudget.derived(engineWith("20g"), null).size())
        .isEqualTo(MemorySize.parse("18g"));
    assertThat(RunBudget.derived(engineWith("4g"), null).size()).isEqualTo(MemorySize.parse("3g"));
  }

  @Test
  void aGivenReserveIsKeptAndTheBudgetIsWholeMebibytes() {
    RunBudget budget = RunBudget.derived(engineWith("4g"), new MemorySize((1L << 30) + 123));

    assertThat(budget.size()).isEqualTo(MemorySize.parse("3071m"));
  }

  @Test
  void aReserveNotBelowTheEnginesMemoryIsRefused() {
    assertThatThrownBy(() -> RunBudget.derived(engineWith("1g"), MemorySize.parse("1g")))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("--memory-reserve ");
  }

  @Test
  void aBatchOverTheBudgetIsNamedByItsPathUnlessItsWaveIsNotSelected() {
    WavePlan plan =
        new WavePlan(
            "plan.json",
            "task",
            List.of(
                new Wave(1, List.of(batch("small", "1g"))),
                new Wave(2, List.of(batch("small2", "1g"), batch("big", "3g")))));
    RunBudget budget = RunBudget.given(MemorySize.parse("2g"));

    budget.requireFits(plan, List.of(1));
    assertThatThrownBy(() -> budget.requireFits(plan, null))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "plan.json: $.waves[1].batches[1]: memory limit 3g of batch 'big' exceeds the memory"
                + " budget 2g");
  }

  @Test
  void onNodesEachNodeKeepsItsReserveAndTheBudgetIsTheirRoomTogether() {
    List<NodeCapacity> nodes =
        List.of(
            new NodeCapacity("w1", MemorySize.parse("20g").bytes()),
            new NodeCapacity("w2", MemorySize.parse("4g").bytes()),
            new NodeCapacity("tiny", MemorySize.parse("1g").bytes()));

    RunBudget budget = RunBudget.onNodes(nodes, null, null);

    assertThat(budget.nodes())
        .containsExactly(
            new NodeCapacity("w1", MemorySize.parse("18g").bytes()),
            new NodeCapacity("w2", MemorySize.parse("3g").bytes()));
    assertThat(budget.size()).isEqualTo(MemorySize.parse("21g"));
    assertThat(budget.largestAttempt()).isEqualTo(MemorySize.parse("18g"));
    assertThat(RunBudget.onNodes(nodes, MemorySize.parse("5g"), null).size())
        .isEqualTo(MemorySize.parse("5g"));
  }

  @Test
  void onNodesABatchBiggerThanTheLargestNodeIsNamedWithThatNodesMemory() {
    WavePlan plan =
        new WavePlan(
            "plan.json",
            "task",
            List.of(new Wave(1, List.of(batch("small", "2g"), batch("big", "5g")))));
    RunBudget budget =
        RunBudget.onNodes(
            List.of(
                new NodeCapacity("a", MemorySize.parse("4g").bytes()),
                new NodeCapacity("b", MemorySize.parse("4g").bytes())),
            null,
            null);

    assertThat(budget.size()).isEqualTo(MemorySize.parse("6g"));
    assertThatThrownBy(() -> budget.requireFits(plan, null))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "plan.json: $.waves[0].batches[1]: memory limit 5g of batch 'big' fits on no node:"
                + " the largest node has 4GB of memory, 3GB of it for attempts");
  }

  @Test
  void misfitsListsEveryBatchRequireFitsWouldRefuseInPlanOrder() {
    WavePlan plan =
        new WavePlan(
            "plan.json",
            "task",
            List.of(
                new Wave(1, List.of(batch("big", "5g"), batch("small", "1g"))),
                new Wave(2, List.of(batch("huge", "9g")))));
    RunBudget budget =
        RunBudget.onNodes(
            List.of(
                new NodeCapacity("a", MemorySize.parse("4g").bytes()),
                new NodeCapacity("b", MemorySize.parse("4g").bytes())),
            null,
            null);

    assertThat(budget.misfits(plan, null))
        .extracting(RunBudget.Misfit::batchId, RunBudget.Misfit::waveNumber)
        .containsExactly(tuple("big", 1), tuple("huge", 2));
    assertThat(budget.misfits(plan, null).get(0).reason()).contains("fits on no node");
    assertThat(budget.misfits(plan, null).get(1).reason()).contains("exceeds the memory budget 6g");
    assertThat(budget.misfits(plan, List.of(2)))
        .extracting(RunBudget.Misfit::batchId)
        .containsExactly("huge");
    assertThatThrownBy(() -> budget.requireFits(plan, null))
        .hasMessage(
            budget.misfits(plan, null).get(0).path()
                + ": "
                + budget.misfits(plan, null).get(0).reason());
  }

  @Test
  void onNodesAReserveNotBelowAnyNodeIsRefused() {
    assertThatThrownBy(() -> RunBudget.onNodes(engineWith("1g"), null, MemorySize.parse("1g")))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("--memory-reserve 1GB: not below the memory of any ready node");
  }

  private static Batch batch(String id, String limit) {
    return new Batch(id, 1, MemorySize.parse(limit), List.of(), "");
  }
}
