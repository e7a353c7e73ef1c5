package dev.cfnwave.run.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.backend.NodeCapacity;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.testing.Tries;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

  private static final long MIB = 1L << 20;

  private final MemoryBudget budget = new MemoryBudget(MemorySize.parse("1g"));

  @Test
  void reservationsFitUntilTheBudgetIsFull() {
    assertThat(budget.tryReserve("a", MemorySize.parse("512m"))).isTrue();
    assertThat(budget.tryReserve("b", MemorySize.parse("512m"))).isTrue();
    assertThat(budget.tryReserve("c", MemorySize.parse("1"))).isFalse();
    assertThat(budget.inUse()).isEqualTo(1L << 30);
  }

  @Test
  void releaseMakesRoomAgainAndPeakRemembersTheHighestUse() {
    budget.tryReserve("a", MemorySize.parse("600m"));
    budget.release("a");
    assertThat(budget.tryReserve("b", MemorySize.parse("1g"))).isTrue();
    budget.release("b");

    assertThat(budget.inUse()).isZero();
    assertThat(budget.peak()).isEqualTo(1L << 30);
  }

  @Test
  void aRefusedReservationTakesNothing() {
    budget.tryReserve("a", MemorySize.parse("800m"));

    assertThat(budget.tryReserve("b", MemorySize.parse("300m"))).isFalse();
    assertThat(budget.inUse()).isEqualTo(800L << 20);
  }

  @Test
  void whatOthersHoldCountsAgainstTheEnginesBudgetNotTheRunsOwn() {
    MemoryBudget shared = new MemoryBudget(MemorySize.parse("1g"), MemorySize.parse("1536m"));
    shared.othersHeld(1L << 30);

    assertThat(shared.fitsOwnBudget(MemorySize.parse("512m"))).isTrue();
    assertThat(shared.tryReserve("a", MemorySize.parse("512m"))).isTrue();
    assertThat(shared.tryReserve("b", MemorySize.parse("1m"))).isFalse();

    shared.othersHeld(0);
    assertThat(shared.tryReserve("c", MemorySize.parse("512m"))).isTrue();
    assertThat(shared.tryReserve("d", MemorySize.parse("1m"))).as("the run's own budget").isFalse();
    assertThat(shared.othersPeak()).isEqualTo(1L << 30);
  }

  @Test
  void aBatchNeedsItsWholeLimitFreeOnOneNodeNotSpreadOverSeveral() {
    MemoryBudget cluster = new MemoryBudget(MemorySize.parse("3g"), nodes(1024, 1024, 1024));

    assertThat(cluster.tryReserve("a", MemorySize.parse("600m"))).isTrue();
    assertThat(cluster.tryReserve("b", MemorySize.parse("600m"))).isTrue();
    assertThat(cluster.tryReserve("c", MemorySize.parse("600m"))).isTrue();
    // 1.2g is free in total, 424m on each node: a 600m batch fits nowhere.
    assertThat(cluster.tryReserve("d", MemorySize.parse("600m"))).isFalse();
    assertThat(cluster.usedPerNode()).containsOnly(600 * MIB);
    cluster.release("b");
    assertThat(cluster.tryReserve("d", MemorySize.parse("600m"))).isTrue();
  }

  @Test
  void theBudgetStillCapsTheTotalOverAllNodes() {
    MemoryBudget cluster = new MemoryBudget(MemorySize.parse("1g"), nodes(1024, 1024));

    assertThat(cluster.tryReserve("a", MemorySize.parse("600m"))).isTrue();
    assertThat(cluster.tryReserve("b", MemorySize.parse("600m"))).isFalse();
  }

  /** Random reserves and releases on random nodes never put more on a node than it has room. */
  @Test
  void noNodeNorTheBudgetIsEverOverReserved() {
    Tries.forAll(
        7101,
        300,
        Script::random,
        script -> {
          MemoryBudget cluster = new MemoryBudget(new MemorySize(script.budget), script.nodes);
          List<String> held = new ArrayList<>();
          Random pick = new Random(script.budget);
          for (long size : script.sizes) {
            if (!held.isEmpty() && pick.nextInt(3) == 0) {
              cluster.release(held.remove(pick.nextInt(held.size())));
            }
            long[] before = cluster.usedPerNode();
            String name = "a" + held.size() + "-" + size + "-" + pick.nextInt();
            boolean fits =
                cluster.inUse() + size <= script.budget && anyNodeHasRoom(script, before, size);
            assertThat(cluster.tryReserve(name, new MemorySize(size)))
                .as("reserve %d with %s free on the nodes", size, List.of(before))
                .isEqualTo(fits);
            if (fits) {
              held.add(name);
            }
            long[] used = cluster.usedPerNode();
            for (int n = 0; n < used.length; n++) {
              assertThat(used[n]).isLessThanOrEqualTo(script.nodes.get(n).memoryBytes());
            }
            assertThat(cluster.inUse()).isLessThanOrEqualTo(script.budget);
          }
        });
  }

  /** For attempts of one size the count that fits at once is what Swarm could place. */
  @Test
  void attemptsOfOneSizeFillEveryNodeAsFarAsItHoldsThem() {
    Tries.forAll(
        7102,
        200,
        Script::random,
        script -> {
          MemoryBudget cluster = new MemoryBudget(new MemorySize(script.budget), script.nodes);
          long size = script.sizes.get(0);
          int admitted = 0;
          while (cluster.tryReserve("a" + admitted, new MemorySize(size))) {
            admitted++;
          }
          long placeable = 0;
          for (NodeCapacity node : script.nodes) {
            placeable += node.memoryBytes() / size;
          }
          assertThat(admitted).isEqualTo((int) Math.min(placeable, script.budget / size));
        });
  }

  /** With one node the budget behaves exactly as the plain sum of limits against the budget. */
  @Test
  void oneNodeIsThePlainBudget() {
    Tries.forAll(
        7103,
        200,
        Script::random,
        script -> {
          MemoryBudget one = new MemoryBudget(new MemorySize(script.budget));
          long sum = 0;
          for (int i = 0; i < script.sizes.size(); i++) {
            long size = script.sizes.get(i);
            boolean expected = sum + size <= script.budget;
            assertThat(one.tryReserve("a" + i, new MemorySize(size))).isEqualTo(expected);
            sum += expected ? size : 0;
          }
        });
  }

  private static boolean anyNodeHasRoom(Script script, long[] used, long size) {
    for (int n = 0; n < used.length; n++) {
      if (script.nodes.get(n).memoryBytes() - used[n] >= size) {
        return true;
      }
    }
    return false;
  }

  private static List<NodeCapacity> nodes(long... mebibytes) {
    List<NodeCapacity> nodes = new ArrayList<>();
    for (long m : mebibytes) {
      nodes.add(new NodeCapacity("n" + nodes.size(), m * MIB));
    }
    return nodes;
  }

  private record Script(long budget, List<NodeCapacity> nodes, List<Long> sizes) {

    static Script random(Random r) {
      int count = 1 + r.nextInt(4);
      long[] memory = new long[count];
      long total = 0;
      for (int n = 0; n < count; n++) {
        memory[n] = (256 + r.nextInt(2048)) * MIB;
        total += memory[n];
      }
      long budget = r.nextBoolean() ? total : (128 + r.nextInt((int) (total / MIB))) * MIB;
      List<Long> sizes = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        sizes.add((16 + r.nextInt(1024)) * MIB);
      }
      return new Script(budget, nodes(memory), sizes);
    }

    private static List<NodeCapacity> nodes(long[] bytes) {
      List<NodeCapacity> nodes = new ArrayList<>();
      for (long b : bytes) {
        nodes.add(new NodeCapacity("n" + nodes.size(), b));
      }
      return nodes;
    }
  }
}
