package dev.cfnwave.preview;

import java.util.List;

/**
 * What validate and run --dry-run print on stdout: the plan as the run would take it, without
 * anything created or pulled (docs/formats.md, "Run preview"). ready: the run could proceed (exit
 * 0); problems say why not.
 *
 * @param command "validate" or "run --dry-run"
 * @param memoryBudget null when the engine was not reached and no --memory-budget was given
 */
public record PreviewDocument(
    String command,
    String plan,
    String taskId,
    boolean ready,
    List<String> problems,
    List<String> warnings,
    Engine engine,
    String schedule,
    double backfillLimitSeconds,
    Budget memoryBudget,
    List<WaveSummary> waves,
    List<Start> startOrder,
    List<Unfit> unfit,
    String pull,
    List<Image> images,
    List<Variable> variables) {

  public PreviewDocument {
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
    waves = List.copyOf(waves);
    startOrder = List.copyOf(startOrder);
    unfit = List.copyOf(unfit);
    images = List.copyOf(images);
    variables = List.copyOf(variables);
  }

  /**
   * The backend and whether its engine answered; note says what was not checked when it did not.
   */
  public record Engine(String backend, boolean reachable, String description, String note) {}

  /**
   * The run's memory budget and the engine's (which it shares with others), and each node's room
   * for attempts where the backend places them on nodes (else empty).
   */
  public record Budget(
      String size, long bytes, long engineBytes, List<NodeRoom> nodes, String description) {

    public Budget {
      nodes = List.copyOf(nodes);
    }
  }

  /** One node's room for attempts. */
  public record NodeRoom(String node, long bytes) {}

  /**
   * One selected wave: its batches' limits added up, the most of them reserved at once in the
   * replay, and in how many rounds they start (1: all at once); peak and rounds are null without a
   * budget, predictedSeconds null unless every batch of the plan has an estimate.
   */
  public record WaveSummary(
      int waveNumber,
      int batches,
      String memoryTotal,
      long memoryTotalBytes,
      Long peakReservedBytes,
      Integer rounds,
      Double predictedSeconds) {}

  /**
   * One batch in the order the run would start it. estimate: plan (its expected_seconds),
   * earlier_runs (learned from the runs folder) or unknown; round: 1 for those starting at once,
   * else one more than the round of the batch whose end lets it start (null without a budget).
   */
  public record Start(
      int position,
      String batchId,
      int waveNumber,
      Integer tier,
      String memoryLimit,
      long memoryBytes,
      String image,
      Double expectedSeconds,
      String estimate,
      Integer round,
      Double startsAtSeconds) {}

  /** A batch that cannot start: too big for the budget or for any node. */
  public record Unfit(
      String batchId, int waveNumber, String memoryLimit, String path, String reason) {}

  /**
   * One distinct image. present: whether it is where attempts run (null when not checked); action:
   * use, pull, pull_again (--pull always), refused (--pull never) or unchecked.
   */
  public record Image(
      String image, String source, String firstBatchId, Boolean present, String action) {}

  /** A CFN_* variable in force; value null and hidden true for a name that suggests a secret. */
  public record Variable(String name, String value, boolean hidden) {}
}
