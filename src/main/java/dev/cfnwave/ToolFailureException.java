package dev.cfnwave;

/**
 * The tool itself could not go on (its run folder cannot be written, the engine stopped answering
 * container calls): not the batches' fault and not the user's input. The run's state stays
 * resumable; the exit code is distinct from "some batches failed".
 */
public class ToolFailureException extends CfnWaveException {

  public ToolFailureException(String message) {
    super(message);
  }

  public ToolFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
