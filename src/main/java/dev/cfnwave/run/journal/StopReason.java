package dev.cfnwave.run.journal;

import java.util.Locale;

/** Why the orchestrator stopped a container; journaled by its wire name. */
public enum StopReason {
  /** SIGINT or SIGTERM: the attempt does not count, the batch runs again on resume. */
  INTERRUPTED,
  /** Past its wave's or its own time limit: the attempt ends as timeout. */
  TIMEOUT,
  /** Not started within the pending time limit: the attempt ends as rejected. */
  PENDING_TIMEOUT,
  /** Its output folder grew past --output-limit: the attempt ends as failed, with that reason. */
  OUTPUT_LIMIT,
  /**
   * Its group (or the run, under --halt success=N) had the successes it needed: the attempt ends as
   * cancelled, and so does its batch.
   */
  CANCELLED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The reason of a journal line, or null for none or one this version does not know. */
  public static StopReason fromWire(String wire) {
    for (StopReason reason : values()) {
      if (reason.wireName().equals(wire)) {
        return reason;
      }
    }
    return null;
  }
}
