package dev.cfnwave.run;

import dev.cfnwave.report.ExitStatus;
import java.util.Locale;

/** A batch's final status in the run report: its last attempt's outcome, or why it has none. */
enum BatchStatus {
  SUCCESS,
  FAILED,
  OOM_KILLED,
  TIMEOUT,
  /** Its attempt never ran: the backend refused it or did not start it in time (see its error). */
  REJECTED,
  /** The run stopped before the batch's first attempt. */
  NOT_STARTED,
  /** A batch it depends on did not succeed, so it never started (its reason says which). */
  SKIPPED,
  /**
   * Its last attempt was rate limited and the run gave up on rate limits (--rate-limit-timeout).
   */
  RATE_LIMITED,
  /**
   * Stopped or never started: its best-of-N group (or the run, --halt) had its successes, or a
   * batch it depends on was cancelled (its reason says which). Not a failure.
   */
  CANCELLED,
  /** The run was interrupted while the batch had not settled. */
  INTERRUPTED;

  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static BatchStatus of(ExitStatus status) {
    return switch (status) {
      case SUCCESS -> SUCCESS;
      case FAILED -> FAILED;
      case OOM_KILLED -> OOM_KILLED;
      case TIMEOUT -> TIMEOUT;
      case REJECTED -> REJECTED;
      case RATE_LIMITED -> RATE_LIMITED;
      case CANCELLED -> CANCELLED;
    };
  }
}
