package dev.cfnwave;

/** The one unchecked base of every failure cfn-wave reports; subclasses carry the context. */
public class CfnWaveException extends RuntimeException {

  public CfnWaveException(String message) {
    super(message);
  }

  public CfnWaveException(String message, Throwable cause) {
    super(message, cause);
  }
}
