package dev.cfnwave.backend;

/** The backend does not know the attempt (never launched, or disposed of since). */
public class AttemptNotFoundException extends EngineException {

  private final String handle;

  public AttemptNotFoundException(String message, String handle, Throwable cause) {
    super(message, cause);
    this.handle = handle;
  }

  public String handle() {
    return handle;
  }
}
