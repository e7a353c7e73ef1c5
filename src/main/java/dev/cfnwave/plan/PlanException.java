package dev.cfnwave.plan;

import dev.cfnwave.CfnWaveException;

/** Bad input: a plan, manifest or setting that cannot be used; the message names file and path. */
public class PlanException extends CfnWaveException {

  public PlanException(String message) {
    super(message);
  }

  public PlanException(String message, Throwable cause) {
    super(message, cause);
  }
}
