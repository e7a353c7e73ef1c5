package dev.cfnwave.run;

import dev.cfnwave.plan.MemorySize;

/**
 * The memory limits of the containers that may be alive at once. A container's limit is reserved
 * before it is created and released only once its exit has been seen, so the engine never holds
 * more than the budget. Two budgets apply: the run's own, and the engine's, which the run shares
 * with what others hold (other runs, spawned waves, any container with a limit).
 */
final class MemoryBudget {

  private final long budget;
  private final long engineBudget;
  private long inUse;
  private long peak;
  private long othersHeld;
  private long othersPeak;

  /** A run alone on its engine: the engine's budget is the run's. */
  MemoryBudget(MemorySize budget) {
    this(budget, budget);
  }

  MemoryBudget(MemorySize budget, MemorySize engineBudget) {
    this.budget = budget.bytes();
    this.engineBudget = engineBudget.bytes();
  }

  /** Whether the limit fits the run's own budget, whatever others hold. */
  boolean fitsOwnBudget(MemorySize limit) {
    return inUse + limit.bytes() <= budget;
  }

  boolean tryReserve(MemorySize limit) {
    if (!fitsOwnBudget(limit) || inUse + othersHeld + limit.bytes() > engineBudget) {
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

  /** What others hold on the engine, as last read. */
  void othersHeld(long bytes) {
    othersHeld = bytes;
    othersPeak = Math.max(othersPeak, bytes);
  }

  long othersHeld() {
    return othersHeld;
  }

  /** The most others were seen holding at once. */
  long othersPeak() {
    return othersPeak;
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
