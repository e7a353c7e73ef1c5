package dev.cfnwave.attempt;

/** Whose logs cleanup keeps before removing containers. */
public enum LogPolicy {
  NONE,
  /** Containers that did not exit with 0: failed, OOM-killed, still running, never started. */
  FAILED,
  ALL;

  /** Whether a container's log is kept, given whether its work succeeded (exited 0). */
  public boolean keepsLogOf(boolean succeeded) {
    return this == ALL || (this == FAILED && !succeeded);
  }
}
