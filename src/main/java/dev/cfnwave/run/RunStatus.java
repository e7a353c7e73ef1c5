package dev.cfnwave.run;

import java.util.Locale;

/** How a whole run ended; the CLI maps it to an exit code. */
public enum RunStatus {
  SUCCEEDED,
  /** Some batch did not succeed (or never started after a failure). */
  FAILED,
  /** Some wave or batch ran past its time limit. */
  TIMEOUT,
  /** SIGINT or SIGTERM: the run is resumable. */
  INTERRUPTED;

  /** The report's status field: succeeded, failed, timeout or interrupted. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
