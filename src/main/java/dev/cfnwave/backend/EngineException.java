package dev.cfnwave.backend;

import dev.cfnwave.CfnWaveException;

/** An Engine API call failed; the message says which call and, where known, which container. */
public class EngineException extends CfnWaveException {

  public EngineException(String message) {
    super(message);
  }

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
