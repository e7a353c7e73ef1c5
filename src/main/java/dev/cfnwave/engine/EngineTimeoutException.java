package dev.cfnwave.engine;

/** An Engine API call did not answer within its deadline. */
public class EngineTimeoutException extends EngineException {

  public EngineTimeoutException(String message) {
    super(message);
  }
}
