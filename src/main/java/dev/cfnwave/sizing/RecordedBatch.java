package dev.cfnwave.sizing;

import java.util.List;

/** One batch of a recorded run with its attempts in order. */
public record RecordedBatch(
    String batchId, int waveNumber, String finalStatus, List<RecordedAttempt> attempts) {

  public RecordedBatch {
    attempts = List.copyOf(attempts);
  }
}
