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
  TOOL_FAILURE,
  /**
   * The spend budget (--max-cost, --max-usage) was reached and kept attempts from starting: running
   * ones finished, batches not started were skipped; a resume with a higher limit goes on.
   */
  BUDGET_SPENT;

  /**
   * The report's status field: succeeded, failed, timeout, interrupted, tool_failure or
   * budget_spent.
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
