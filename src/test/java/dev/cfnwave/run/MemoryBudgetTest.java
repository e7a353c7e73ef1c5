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
}
