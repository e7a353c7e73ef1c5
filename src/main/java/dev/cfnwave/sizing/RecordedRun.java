package dev.cfnwave.sizing;

import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A finished run read back from its folder: its batches and attempts, the tier table and budget it
 * ran with, and how long it took.
 *
 * @param runDuration report.json's duration (setup and teardown included)
 */
public record RecordedRun(
    String runId,
    Path folder,
    String schedule,
    MemorySize memoryBudget,
    TierTable tiers,
    Duration runDuration,
    List<RecordedBatch> batches) {

  public RecordedRun {
    batches = List.copyOf(batches);
  }

  /** From the first attempt's start to the last attempt's end: what a replay predicts. */
  public Duration attemptSpan() {
    Instant first =
        attempts()
            .map(RecordedAttempt::startedAt)
            .filter(Objects::nonNull)
            .min(Instant::compareTo)
            .orElse(null);
    Instant last =
        attempts()
            .map(RecordedAttempt::endedAt)
            .filter(Objects::nonNull)
            .max(Instant::compareTo)
            .orElse(null);
    return first == null || last == null ? Duration.ZERO : Duration.between(first, last);
  }

  private java.util.stream.Stream<RecordedAttempt> attempts() {
    return batches.stream().flatMap(b -> b.attempts().stream());
  }
}
