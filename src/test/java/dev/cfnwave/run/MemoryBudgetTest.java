package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.plan.MemorySize;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

  private final MemoryBudget budget = new MemoryBudget(MemorySize.parse("1g"));

  @Test
  void reservationsFitUntilTheBudgetIsFull() {
    assertThat(budget.tryReserve(MemorySize.parse("512m"))).isTrue();
    assertThat(budget.tryReserve(MemorySize.parse("512m"))).isTrue();
    assertThat(budget.tryReserve(MemorySize.parse("1"))).isFalse();
    assertThat(budget.inUse()).isEqualTo(1L << 30);
  }

  @Test
  void releaseMakesRoomAgainAndPeakRemembersTheHighestUse() {
    budget.tryReserve(MemorySize.parse("600m"));
    budget.release(MemorySize.parse("600m"));
    assertThat(budget.tryReserve(MemorySize.parse("1g"))).isTrue();
    budget.release(MemorySize.parse("1g"));

    assertThat(budget.inUse()).isZero();
    assertThat(budget.peak()).isEqualTo(1L << 30);
  }

  @Test
  void aRefusedReservationTakesNothing() {
    budget.tryReserve(MemorySize.parse("800m"));

    assertThat(budget.tryReserve(MemorySize.parse("300m"))).isFalse();
    assertThat(budget.inUse()).isEqualTo(800L << 20);
  }

  @Test
  void whatOthersHoldCountsAgainstTheEnginesBudgetNotTheRunsOwn() {
    MemoryBudget shared = new MemoryBudget(MemorySize.parse("1g"), MemorySize.parse("1536m"));
    shared.othersHeld(1L << 30);

    assertThat(shared.fitsOwnBudget(MemorySize.parse("512m"))).isTrue();
    assertThat(shared.tryReserve(MemorySize.parse("512m"))).isTrue();
    assertThat(shared.tryReserve(MemorySize.parse("1m"))).isFalse();

    shared.othersHeld(0);
    assertThat(shared.tryReserve(MemorySize.parse("512m"))).isTrue();
    assertThat(shared.tryReserve(MemorySize.parse("1m"))).as("the run's own budget").isFalse();
    assertThat(shared.othersPeak()).isEqualTo(1L << 30);
  }
}
