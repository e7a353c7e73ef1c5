package dev.cfnwave.run;

import dev.cfnwave.InputException;
import dev.cfnwave.backend.NodeCapacity;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.PlanException;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import java.util.List;

/**
 * A run's memory budget (given, or the engine's memory minus a reserve) and how it was arrived at,
 * reported once the run starts; the engine's budget, which the run shares with what others hold
 * there; and the check that every selected batch fits both.
 */
public record RunBudget(MemorySize size, MemorySize engine, String description) {

  private static final long MEBIBYTE = 1L << 20;

  /** The budget of --memory-budget, on an engine the run has to itself. */
  public static RunBudget given(MemorySize budget) {
    return new RunBudget(
        budget, budget, "memory budget " + budget.dockerForm() + " (--memory-budget)");
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
    MemorySize kept =
        reserve != null ? reserve : new MemorySize(Math.max(1L << 30, total.bytes() / 10));
    if (kept.bytes() >= total.bytes()) {
      throw new InputException(
          "--memory-reserve " + kept.humanForm(),
          "not below the engine's memory " + total.humanForm());
    }
    MemorySize budget = new MemorySize((total.bytes() - kept.bytes()) / MEBIBYTE * MEBIBYTE);
    return new RunBudget(
        budget,
        budget,
        "memory budget "
            + budget.humanForm()
            + " (engine memory "
            + total.humanForm()
            + " minus reserve "
            + kept.humanForm()
            + ", shared with other runs)");
  }

  /**
   * Every batch of the selected waves (null: all) has a memory limit within the budget and the
   * engine's, else the first that does not is named by its JSON path.
   */
  public void requireFits(WavePlan plan, List<Integer> waves) {
    MemorySize size = this.size.compareTo(engine) <= 0 ? this.size : engine;
    for (int w = 0; w < plan.waves().size(); w++) {
      Wave wave = plan.waves().get(w);
      if (waves != null && !waves.contains(wave.waveNumber())) {
        continue;
      }
      for (int i = 0; i < wave.batches().size(); i++) {
        Batch batch = wave.batches().get(i);
        if (batch.memoryLimit().compareTo(size) > 0) {
          throw new PlanException(
              plan.source() + ": $.waves[" + w + "].batches[" + i + "]",
              "memory limit "
                  + batch.memoryLimit().dockerForm()
                  + " of batch '"
                  + batch.batchId()
                  + "' exceeds the memory budget "
                  + size.dockerForm());
        }
      }
    }
  }
}
