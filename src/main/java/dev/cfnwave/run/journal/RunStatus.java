package dev.cfnwave.run.journal;

import java.util.Locale;

/** How a whole run ended; the CLI maps it to an exit code. */
public enum RunStatus {
  SUCCEEDED,
  /** Some batch did not succeed (or never started after a failure). */
  FAILED,
  /** Some wave or batch ran past its time limit. */
  TIMEOUT,
  /** SIGINT or SIGTERM: the run is resumable. */
  INTERRUPTED,
  /**
   * The tool itself could not go on (its run folder unwritable, the engine stopped answering): the
   * run is resumable.
   */
  TOOL_FAILURE;

  /** The report's status field: succeeded, failed, timeout, interrupted or tool_failure. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
