package dev.cfnwave.engine;

import dev.cfnwave.backend.EngineException;

/** An Engine API call did not answer within its deadline. */
public class EngineTimeoutException extends EngineException {

  public EngineTimeoutException(String message) {
    super(message);
  }
}
