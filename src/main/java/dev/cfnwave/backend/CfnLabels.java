package dev.cfnwave.backend;

import java.util.Map;

/** The labels cfn-wave puts on everything it creates; cleanup selects by them and nothing else. */
public final class CfnLabels {

  public static final String MANAGED = "cfn.managed";
  public static final String TASK_ID = "cfn.task.id";
  public static final String RUN_ID = "cfn.run.id";
  public static final String WAVE_NUMBER = "cfn.wave.number";
  public static final String BATCH_ID = "cfn.batch.id";
  public static final String TIER = "cfn.tier";
  public static final String MEMORY_LIMIT = "cfn.memory.limit";

  /** Set by run only: the run folder, whose orchestrator.json says who orchestrates the run. */
  public static final String RUN_DIR = "cfn.run.dir";

  /**
   * Set by run only, on attempts of a batch that uses pools: their names, comma-separated. Runs
   * that name the same pool count each other's attempts through it.
   */
  public static final String POOLS = "cfn.pools";

  /**
   * On the extra networks {@code --networks-per-run} creates ({@code cfn-network-2}, ...): the
   * network they extend. cleanup removes them once nothing uses them; the first network stays, as
   * the seed keeps {@code cfn-network}.
   */
  public static final String SPREAD_OF = "cfn.network.spread-of";

  private CfnLabels() {}

  public static Map<String, String> managed() {
    return Map.of(MANAGED, "true");
  }
}
