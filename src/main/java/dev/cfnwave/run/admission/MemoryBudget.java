package dev.cfnwave.run.admission;

import dev.cfnwave.backend.NodeCapacity;
import dev.cfnwave.plan.MemorySize;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The memory limits of the attempts that may be alive at once, in total and per node. An attempt's
 * limit is reserved on one node before it is launched and released only once its end has been seen,
 * so neither the run's budget nor any node's room is ever exceeded. A batch is admitted only when
 * one node has room for all of it: Swarm places a task on one node by its memory reservation. Two
 * totals apply: the run's own budget, and the engine's, which the run shares with what others hold
 * (other runs, spawned waves, any container with a limit).
 *
 * <p>The node an attempt is counted on is chosen the way Swarm's scheduler spreads tasks: among the
 * nodes with room, the one with the fewest attempts, then the most free memory. Swarm may still
 * choose another node of those with room; for attempts of one size the count that fits is the same
 * whichever it chooses, so the accounting agrees with Swarm exactly. With one node (Docker) it is
 * the plain budget.
 */
public final class MemoryBudget {

  private final long budget;
  private final long engineBudget;
  private final long[] room;
  private final long[] used;
  private final int[] count;
  private final Map<String, Reservation> reservations = new HashMap<>();
  private long inUse;
  private long peak;
  private long othersHeld;
  private long othersPeak;

  private record Reservation(int node, long bytes) {}

  /** A run alone on one node: the engine's budget is the run's. */
  public MemoryBudget(MemorySize budget) {
    this(budget, budget, List.of());
  }

  /** One node that holds the whole budget, shared with others up to the engine's budget. */
  public MemoryBudget(MemorySize budget, MemorySize engineBudget) {
    this(budget, engineBudget, List.of());
  }

  /** A run alone on these nodes. */
  public MemoryBudget(MemorySize budget, List<NodeCapacity> nodes) {
    this(budget, budget, nodes);
  }

  /**
   * @param engineBudget what the run and others together may hold
   * @param nodes the room each node has for attempts; none: one node holding the whole budget
   */
  public MemoryBudget(MemorySize budget, MemorySize engineBudget, List<NodeCapacity> nodes) {
    this.budget = budget.bytes();
    this.engineBudget = engineBudget.bytes();
    this.room =
        nodes.isEmpty()
            ? new long[] {budget.bytes()}
            : nodes.stream().mapToLong(NodeCapacity::memoryBytes).toArray();
    this.used = new long[room.length];
    this.count = new int[room.length];
  }

  /** Whether the limit fits the run's own budget, whatever others hold. */
  public boolean fitsOwnBudget(MemorySize limit) {
    return inUse + limit.bytes() <= budget;
  }

  /**
   * Reserves the attempt's limit on a node with room for it, within the run's budget and, with what
   * others hold, the engine's.
   *
   * @return false, reserving nothing, when a budget or every node is too full
   */
  public boolean tryReserve(String attempt, MemorySize limit) {
    long bytes = limit.bytes();
    if (!fitsOwnBudget(limit) || inUse + othersHeld + bytes > engineBudget) {
      return false;
    }
    int node = -1;
    for (int n = 0; n < room.length; n++) {
      if (room[n] - used[n] >= bytes && (node < 0 || spreadsBetter(n, node))) {
        node = n;
      }
    }
    if (node < 0) {
      return false;
    }
    take(attempt, node, bytes);
    return true;
  }

  /**
   * Reserves regardless of room, on the node with the most free memory: for attempts found running
   * when a run is resumed.
   */
  public void forceReserve(String attempt, MemorySize limit) {
    int node = 0;
    for (int n = 1; n < room.length; n++) {
      if (room[n] - used[n] > room[node] - used[node]) {
        node = n;
      }
    }
    take(attempt, node, limit.bytes());
  }

  /** Gives back the attempt's reservation, if it holds one. */
  public void release(String attempt) {
    Reservation r = reservations.remove(attempt);
    if (r != null) {
      used[r.node()] -= r.bytes();
      count[r.node()]--;
      inUse -= r.bytes();
    }
  }

  /** What others hold on the engine, as last read. */
  public void othersHeld(long bytes) {
    othersHeld = bytes;
    othersPeak = Math.max(othersPeak, bytes);
  }

  public long othersHeld() {
    return othersHeld;
  }

  /** The most others were seen holding at once. */
  public long othersPeak() {
    return othersPeak;
  }

  public long inUse() {
    return inUse;
  }

  public long budget() {
    return budget;
  }

  public long peak() {
    return peak;
  }

  /** How many nodes the budget spreads over. */
  int nodes() {
    return room.length;
  }

  /** The memory reserved on each node, in node order. */
  long[] usedPerNode() {
    return used.clone();
  }

  private boolean spreadsBetter(int n, int best) {
    if (count[n] != count[best]) {
      return count[n] < count[best];
    }
    return room[n] - used[n] > room[best] - used[best];
  }

  private void take(String attempt, int node, long bytes) {
    release(attempt);
    reservations.put(attempt, new Reservation(node, bytes));
    used[node] += bytes;
    count[node]++;
    inUse += bytes;
    peak = Math.max(peak, inUse);
  }
}
