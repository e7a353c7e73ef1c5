package dev.cfnwave.cleanup;

/** Whose logs cleanup keeps before removing containers. */
public enum LogPolicy {
  NONE,
  /** Containers that did not exit with 0: failed, OOM-killed, still running, never started. */
  FAILED,
  ALL
}
