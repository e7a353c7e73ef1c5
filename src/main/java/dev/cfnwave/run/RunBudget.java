package dev.cfnwave.run;

import dev.cfnwave.InputException;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.NodeCapacity;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.PlanException;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A run's memory budget (given, or the engine's memory minus a reserve) and how it was arrived at,
 * reported once the run starts; the engine's budget, which the run shares with what others hold
 * there; and the check that every selected batch fits both. On a backend that places attempts on
 * nodes by their memory (Swarm) the budget also has the room of each node, and every batch must fit
 * on one node.
 *
 * @param engine what the run and others together may hold on the engine
 * @param nodes the room each node has for attempts; empty: one node holding the whole budget
 * @param largestNode the memory of the node with the most room, null when {@code nodes} is empty
 */
public record RunBudget(
    MemorySize size,
    MemorySize engine,
    List<NodeCapacity> nodes,
    MemorySize largestNode,
    String description) {

  private static final long MEBIBYTE = 1L << 20;

  public RunBudget {
    nodes = List.copyOf(nodes);
  }

  /**
   * The budget for a run on {@code backend}: per node where it places attempts on nodes (only the
   * nodes satisfying the placement constraints), else on the one host, {@code given} or derived
   * from its memory; {@code reserve} is kept free for the host (null: the default share).
   *
   * @throws InputException when constraints are given and no node satisfies them
   */
  public static RunBudget forBackend(
      Backend backend, List<String> constraints, MemorySize given, MemorySize reserve) {
    if (backend.capabilities().placesOnNodes()) {
      List<NodeCapacity> nodes = backend.capacityFor(constraints);
      if (nodes.isEmpty() && !constraints.isEmpty()) {
        throw new InputException(
            "--constraint " + String.join(" --constraint ", constraints),
            "no ready, active node satisfies it");
      }
      return onNodes(nodes, given, reserve);
    }
    if (given != null) {
      return given(given, backend.capacity(), reserve);
    }
    return derived(backend.capacity(), reserve);
  }

  /** The budget of --memory-budget, on an engine the run has to itself. */
  public static RunBudget given(MemorySize budget) {
    return new RunBudget(
        budget,
        budget,
        List.of(),
        null,
        "memory budget " + budget.dockerForm() + " (--memory-budget)");
  }

  /**
   * The budget of --memory-budget within the engine's budget (its memory minus {@code reserve});
   * when no reserve was given and the default one is not below the engine's memory, the engine's
   * budget is all of its memory.
   */
  public static RunBudget given(MemorySize budget, List<NodeCapacity> nodes, MemorySize reserve) {
    MemorySize engine;
    try {
      engine = derived(nodes, reserve).size();
    } catch (InputException e) {
      if (reserve != null) {
        throw e;
      }
      engine =
          new MemorySize(Math.max(1, nodes.stream().mapToLong(NodeCapacity::memoryBytes).sum()));
    }
    return new RunBudget(
        budget,
        engine,
        List.of(),
        null,
        "memory budget "
            + budget.dockerForm()
            + " (--memory-budget), within the engine's "
            + engine.humanForm()
            + " shared with other runs");
  }

  /**
   * The backend's memory (its nodes' together) minus {@code reserve} (null: 10% of it, at least 1
   * GiB), rounded down to whole MiB.
   */
  public static RunBudget derived(List<NodeCapacity> nodes, MemorySize reserve) {
    long memory = nodes.stream().mapToLong(NodeCapacity::memoryBytes).sum();
    MemorySize total = new MemorySize(Math.max(1, memory));
    MemorySize kept = reserveOf(total, reserve);
    if (kept.bytes() >= total.bytes()) {
      throw new InputException(
          "--memory-reserve " + kept.humanForm(),
          "not below the engine's memory " + total.humanForm());
    }
    MemorySize budget = roomOf(total, kept);
    return new RunBudget(
        budget,
        budget,
        List.of(),
        null,
        "memory budget "
            + budget.humanForm()
            + " (engine memory "
            + total.humanForm()
            + " minus reserve "
            + kept.humanForm()
            + ", shared with other runs)");
  }

  /**
   * For a backend that places each attempt on one node by its memory: each node offers its memory
   * minus {@code reserve} (null: 10% of that node's memory, at least 1 GiB), in whole MiB; nodes
   * with nothing left are not used. The budget is {@code given}, or else all nodes' room together.
   * Swarm's scheduler accounts for what others reserve on a node, so the engine's budget is the
   * run's.
   */
  public static RunBudget onNodes(List<NodeCapacity> nodes, MemorySize given, MemorySize reserve) {
    List<NodeCapacity> rooms = new ArrayList<>();
    NodeCapacity largest = null;
    MemorySize largestKept = null;
    for (NodeCapacity node : nodes) {
      MemorySize memory = new MemorySize(Math.max(1, node.memoryBytes()));
      MemorySize kept = reserveOf(memory, reserve);
      if (kept.bytes() >= memory.bytes()) {
        continue;
      }
      NodeCapacity room = new NodeCapacity(node.node(), roomOf(memory, kept).bytes());
      rooms.add(room);
      if (largest == null || room.memoryBytes() > largest.memoryBytes()) {
        largest = node;
        largestKept = kept;
      }
    }
    if (largest == null) {
      long most = nodes.stream().mapToLong(NodeCapacity::memoryBytes).max().orElse(0);
      throw new InputException(
          "--memory-reserve " + (reserve == null ? "(default)" : reserve.humanForm()),
          "not below the memory of any ready node (the largest has "
              + new MemorySize(Math.max(1, most)).humanForm()
              + ")");
    }
    MemorySize memory = new MemorySize(largest.memoryBytes());
    MemorySize budget =
        given != null
            ? given
            : new MemorySize(rooms.stream().mapToLong(NodeCapacity::memoryBytes).sum());
    MemorySize largestRoom =
        new MemorySize(rooms.stream().mapToLong(NodeCapacity::memoryBytes).max().orElseThrow());
    String description =
        "memory budget "
            + (given != null ? given.dockerForm() + " (--memory-budget)" : budget.humanForm())
            + " over "
            + rooms.size()
            + (rooms.size() == 1 ? " node" : " nodes")
            + "; one attempt fits one node, the largest holds "
            + largestRoom.humanForm()
            + " (memory "
            + memory.humanForm()
            + " minus reserve "
            + largestKept.humanForm()
            + ")";
    rooms.sort(Comparator.comparing(NodeCapacity::node));
    return new RunBudget(budget, budget, rooms, memory, description);
  }

  /** The largest memory limit one attempt may have: within both budgets and on one node. */
  public MemorySize largestAttempt() {
    long largestRoom =
        nodes.stream().mapToLong(NodeCapacity::memoryBytes).max().orElse(Long.MAX_VALUE);
    return new MemorySize(Math.min(Math.min(size.bytes(), engine.bytes()), largestRoom));
  }

  /**
   * Every batch of the selected waves (null: all) has a memory limit within the budget, the
   * engine's and the largest node's room, else the first that does not is named by its JSON path.
   */
  public void requireFits(WavePlan plan, List<Integer> waves) {
    List<Misfit> misfits = misfits(plan, waves);
    if (!misfits.isEmpty()) {
      throw new PlanException(misfits.get(0).path(), misfits.get(0).reason());
    }
  }

  /**
   * A batch that could never start: its memory limit exceeds the budget, or fits on no node.
   *
   * @param path where the plan writes the batch, for messages
   */
  public record Misfit(
      String path, int waveNumber, String batchId, MemorySize memoryLimit, String reason) {}

  /** Every batch of the selected waves (null: all) that {@link #requireFits} would refuse. */
  public List<Misfit> misfits(WavePlan plan, List<Integer> waves) {
    MemorySize size = this.size.compareTo(engine) <= 0 ? this.size : engine;
    List<Misfit> misfits = new ArrayList<>();
    for (int w = 0; w < plan.waves().size(); w++) {
      Wave wave = plan.waves().get(w);
      if (waves != null && !waves.contains(wave.waveNumber())) {
        continue;
      }
      for (int i = 0; i < wave.batches().size(); i++) {
        Batch batch = wave.batches().get(i);
        String path = plan.source() + ": $.waves[" + w + "].batches[" + i + "]";
        String limit =
            "memory limit " + batch.memoryLimit().dockerForm() + " of batch '" + batch.batchId();
        String reason = null;
        if (batch.memoryLimit().compareTo(size) > 0) {
          reason = limit + "' exceeds the memory budget " + size.dockerForm();
        } else if (batch.memoryLimit().compareTo(largestAttempt()) > 0) {
          reason =
              limit
                  + "' fits on no node: the largest node has "
                  + largestNode.humanForm()
                  + " of memory, "
                  + largestAttempt().humanForm()
                  + " of it for attempts";
        }
        if (reason != null) {
          misfits.add(
              new Misfit(path, wave.waveNumber(), batch.batchId(), batch.memoryLimit(), reason));
        }
      }
    }
    return misfits;
  }

  private static MemorySize reserveOf(MemorySize memory, MemorySize reserve) {
    return reserve != null ? reserve : new MemorySize(Math.max(1L << 30, memory.bytes() / 10));
  }

  private static MemorySize roomOf(MemorySize memory, MemorySize kept) {
    return new MemorySize((memory.bytes() - kept.bytes()) / MEBIBYTE * MEBIBYTE);
  }
}
