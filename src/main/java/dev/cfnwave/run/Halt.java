package dev.cfnwave.run;

/**
 * run's --halt success=N: once N batches of the run succeeded, the others are cancelled. {@code
 * now} stops the running ones too; {@code soon} lets them end (without retries) and starts no more.
 */
public record Halt(boolean now, int successes) {

  public Halt {
    if (successes < 1) {
      throw new IllegalArgumentException("successes must be at least 1");
    }
  }
}
