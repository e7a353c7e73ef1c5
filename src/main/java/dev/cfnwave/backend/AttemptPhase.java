package dev.cfnwave.backend;

/** Where an attempt stands, in every backend's terms. */
public enum AttemptPhase {
  /** Its launch began and has not completed: launching it again completes it. */
  LAUNCHING,
  /**
   * Launched, and waiting for the backend to start it (Swarm: no node has taken its task yet); the
   * status's error says why when the backend tells (e.g. no node has the memory). Docker starts an
   * attempt as it launches it and never reports this.
   */
  PENDING,
  /** Running, or anything else that has not ended yet. */
  RUNNING,
  /** Its process ended and will not run again by itself. */
  ENDED,
  /**
   * It ended without ever running because the backend refused it (Swarm: the node rejected its
   * task, e.g. it has no such image or no such bind source); the status's error says why. Running
   * it again the same way would be refused again.
   */
  REJECTED
}
