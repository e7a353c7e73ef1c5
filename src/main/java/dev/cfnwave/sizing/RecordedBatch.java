package dev.cfnwave.sizing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One batch of a recorded run with its attempts in order.
 *
 * @param usage what its attempts' result files reported, added up (report.json's batch usage);
 *     empty when none reported any
 */
public record RecordedBatch(
    String batchId,
    int waveNumber,
    String finalStatus,
    List<RecordedAttempt> attempts,
    Map<String, BigDecimal> usage) {

  public RecordedBatch {
    attempts = List.copyOf(attempts);
    usage = usage == null ? Map.of() : Map.copyOf(usage);
  }

  /** A batch whose attempts reported no usage. */
  public RecordedBatch(
      String batchId, int waveNumber, String finalStatus, List<RecordedAttempt> attempts) {
    this(batchId, waveNumber, finalStatus, attempts, Map.of());
  }
}
