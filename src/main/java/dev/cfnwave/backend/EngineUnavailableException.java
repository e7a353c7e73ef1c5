package dev.cfnwave.backend;

/** No engine answers at the configured address. */
public class EngineUnavailableException extends EngineException {

  public EngineUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
