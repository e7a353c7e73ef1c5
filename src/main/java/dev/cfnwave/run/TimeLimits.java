package dev.cfnwave.run;

import dev.cfnwave.run.journal.Attempt;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The time limits: each wave's from its first start, each attempt's from its start (where a backend
 * places attempts later, from when it began to run, not from its launch), and the pending limit on
 * an attempt launched and not started yet.
 */
final class TimeLimits {

  private final Duration waveTimeout;
  private final Duration batchTimeout;
  private final Duration pendingTimeout;
  private final Map<Integer, Instant> waveStarts = new HashMap<>();

  /**
   * @param batchTimeout null for none
   */
  TimeLimits(Duration waveTimeout, Duration batchTimeout, Duration pendingTimeout) {
    this.waveTimeout = waveTimeout;
    this.batchTimeout = batchTimeout;
    this.pendingTimeout = pendingTimeout;
  }

  Duration pendingTimeout() {
    return pendingTimeout;
  }

  /** The attempt was launched and has not started within the pending time limit. */
  boolean pendingTooLong(Attempt attempt, Instant now) {
    return attempt.startedAt == null
        && attempt.launchedAt != null
        && !now.isBefore(attempt.launchedAt.plus(pendingTimeout));
  }

  /** The wave's clock starts with its first launch (in this process). */
  void launching(int waveNumber, Instant at) {
    waveStarts.putIfAbsent(waveNumber, at);
  }

  /** The running attempt is past its wave's or its own limit. */
  boolean isOver(int waveNumber, Attempt attempt, Instant now) {
    Instant started = waveStarts.getOrDefault(waveNumber, now);
    boolean waveOver = !now.isBefore(started.plus(waveTimeout));
    boolean batchOver =
        batchTimeout != null
            && attempt.startedAt != null
            && Duration.between(attempt.startedAt, now).compareTo(batchTimeout) >= 0;
    return waveOver || batchOver;
  }

  /** The wave started and is past its limit: its pending batches start no more. */
  boolean waveOver(int waveNumber, Instant now) {
    Instant started = waveStarts.get(waveNumber);
    return started != null && !now.isBefore(started.plus(waveTimeout));
  }
}
