package dev.cfnwave.backend;

/**
 * The backend refuses to run the attempt as it is specified (no such image where it would run, a
 * bind source that does not exist there): it never ran, and launching it again would not help.
 */
public class AttemptRejectedException extends EngineException {

  public AttemptRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
