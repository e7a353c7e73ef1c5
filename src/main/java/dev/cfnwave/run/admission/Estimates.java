package dev.cfnwave.run.admission;

import dev.cfnwave.event.WaveListener;
import dev.cfnwave.run.journal.BatchRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long each batch is expected to run, by batch id (absent: unknown), and the one log line that
 * says where the estimates came from ({@link DurationHistory}); the admission order reads it.
 */
public record Estimates(Map<String, Duration> byBatchId, String summary) {

  public Estimates {
    byBatchId = Map.copyOf(byBatchId);
  }

  /** Only the plan's own values: when no runs directory is given. */
  public static Estimates fromPlan(List<BatchRun> batches) {
    Map<String, Duration> durations = new HashMap<>();
    batches.forEach(b -> b.batch.expected().ifPresent(d -> durations.put(b.batch.batchId(), d)));
    return new Estimates(durations, null);
  }

  Duration of(BatchRun batch) {
    return byBatchId.getOrDefault(batch.batch.batchId(), Duration.ZERO);
  }

  /** The log line: batches learned from how many earlier runs (the newest named), the rest. */
  static String summary(
      int learned, int runs, String latest, int fromPlan, int unknown, int damaged) {
    StringBuilder line =
        new StringBuilder(
            "estimates: " + learned + (learned == 1 ? " batch" : " batches") + " from ");
    line.append(
        runs == 0
            ? "earlier runs"
            : runs + " earlier run" + (runs == 1 ? "" : "s") + " (latest " + latest + ")");
    line.append(", ")
        .append(fromPlan)
        .append(" from the plan, ")
        .append(unknown)
        .append(" unknown");
    if (damaged > 0) {
      line.append(" (")
          .append(damaged)
          .append(" earlier run folder")
          .append(damaged == 1 ? "" : "s")
          .append(" with a damaged journal or plan, read up to the damage)");
    }
    return line.toString();
  }

  /**
   * The plan's estimates, and where it has none, what earlier runs in {@code historyDirectory} (the
   * runs folder) took; null: the plan's alone. Says what it learned.
   */
  public static Estimates learned(
      Path historyDirectory,
      Path runDirectory,
      String taskId,
      List<BatchRun> batches,
      WaveListener listener) {
    if (historyDirectory == null) {
      return fromPlan(batches);
    }
    Estimates estimates =
        DurationHistory.read(historyDirectory, runDirectory).estimate(taskId, batches);
    listener.info(estimates.summary());
    return estimates;
  }
}
