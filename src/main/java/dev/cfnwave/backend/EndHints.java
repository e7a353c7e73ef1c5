package dev.cfnwave.backend;

/** Receives hints that attempts ended; called from the backend's own thread, never blocking. */
public interface EndHints {

  /** The attempt of this handle may have ended. */
  void ended(String handle);

  /** The hints stopped coming, because of an error (cause non-null) or on the backend's side. */
  void streamEnded(Throwable cause);
}
