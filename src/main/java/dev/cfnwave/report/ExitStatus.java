package dev.cfnwave.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a container's work ended. */
public enum ExitStatus {
  SUCCESS,
  FAILED,
  OOM_KILLED,
  TIMEOUT,
  /**
   * It never ran: the backend refused it (Swarm: a node rejected its task, for a missing image or
   * bind source) or did not start it within the pending time limit. Never retried: running it again
   * the same way cannot help.
   */
  REJECTED,
  /**
   * It exited with a rate-limit code (run's --rate-limit-exit-codes, default 75): the batch goes
   * back to the queue after a backoff without using a retry; final only when the run gave up on
   * rate limits (--rate-limit-timeout).
   */
  RATE_LIMITED,
  /**
   * Stopped, or never started, because its best-of-N group (or the run, under --halt success=N) had
   * the successes it needed: not a failure.
   */
  CANCELLED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isFailure() {
    return this == FAILED || this == OOM_KILLED || this == REJECTED;
  }

  /**
   * The OOM killer wins over the exit code: a container it killed is oom_killed whatever code it
   * ended with (137 alone only means SIGKILL from anyone).
   */
  public static ExitStatus classify(long exitCode, boolean oomKilled) {
    if (oomKilled) {
      return OOM_KILLED;
    }
    return exitCode == 0 ? SUCCESS : FAILED;
  }
}
