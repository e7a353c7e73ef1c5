package dev.cfnwave.backend;

/** Where an attempt stands, in every backend's terms. */
public enum AttemptPhase {
  /** Its launch began and has not completed: launching it again completes it. */
  LAUNCHING,
  /** Running, or anything else that has not ended yet. */
  RUNNING,
  /** Its process ended and will not run again by itself. */
  ENDED
}
