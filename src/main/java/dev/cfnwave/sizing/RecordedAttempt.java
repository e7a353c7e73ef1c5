package dev.cfnwave.sizing;

import java.time.Duration;
import java.time.Instant;

/**
 * One attempt of a recorded run, as tier right-sizing needs it.
 *
 * @param peakBytes the highest memory it was seen using, null when not measured
 * @param exitStatus success, failed, oom_killed, timeout, rejected, cancelled, or null
 *     (interrupted)
 * @param startedAt when its memory was reserved, just before its launch (null when it never ran)
 * @param endedAt when its end was seen and its memory given back (null when it never ran)
 */
public record RecordedAttempt(
    int attempt,
    Integer tier,
    long limitBytes,
    Long peakBytes,
    String exitStatus,
    Instant startedAt,
    Instant endedAt) {

  public boolean oomKilled() {
    return "oom_killed".equals(exitStatus);
  }

  /** Stopped because its best-of-N group (or the run, --halt) had its successes. */
  public boolean cancelled() {
    return "cancelled".equals(exitStatus);
  }

  public boolean succeeded() {
    return "success".equals(exitStatus);
  }

  /** How long it held its memory; zero when it never ran. */
  public Duration held() {
    if (startedAt == null || endedAt == null || endedAt.isBefore(startedAt)) {
      return Duration.ZERO;
    }
    return Duration.between(startedAt, endedAt);
  }
}
