package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  private static Batch batch(String id, String limit) {
    return new Batch(id, 1, MemorySize.parse(limit), List.of(), "");
  }
}
