package dev.cfnwave.run;

import dev.cfnwave.plan.MemorySize;

/**
 * The memory limits of the containers that may be alive at once. A container's limit is reserved
 * before it is created and released only once its exit has been seen, so the engine never holds
 * more than the budget.
 */
final class MemoryBudget {

  private final long budget;
  private long inUse;
  private long peak;

  MemoryBudget(MemorySize budget) {
    this.budget = budget.bytes();
  }

  boolean tryReserve(MemorySize limit) {
    if (inUse + limit.bytes() > budget) {
      return false;
    }
    inUse += limit.bytes();
    peak = Math.max(peak, inUse);
    return true;
  }

  /** Reserves regardless of room: for containers found running when a run is resumed. */
  void forceReserve(MemorySize limit) {
    inUse += limit.bytes();
    peak = Math.max(peak, inUse);
  }

  void release(MemorySize limit) {
    inUse -= limit.bytes();
  }

  long inUse() {
    return inUse;
  }

  long budget() {
    return budget;
  }

  long peak() {
    return peak;
  }
}
