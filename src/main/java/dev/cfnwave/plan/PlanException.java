package dev.cfnwave.plan;

import dev.cfnwave.CfnWaveException;

/** Bad input: a plan, manifest or setting that cannot be used; the message names file and path. */
public class PlanException extends CfnWaveException {

  public PlanException(String message) {
    super(oneLine(message));
  }

  public PlanException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  /** User errors are printed as one line: control characters from the input must not break it. */
  private static String oneLine(String message) {
    return message == null ? null : message.replaceAll("\\p{Cntrl}", "?");
  }
}
