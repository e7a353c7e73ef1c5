package dev.cfnwave.backend.docker;

import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.CfnLabels;

/**
 * A crash on purpose, for the crash-recovery tests only: with {@code CFN_FAILPOINT=after-create:b2}
 * the process halts right after creating batch b2's container, before starting it, as a kill -9
 * would stop it there.
 *
 * <p>Two switches arm it, so that the variable alone never halts a user's run: the variable, and
 * the JVM system property {@code cfn.test.failpoints=true}, which only the integration tests pass
 * (through {@code CFN_WAVE_JAVA_OPTS}). Only {@code run} arms it ({@link #fromTestSwitches()});
 * {@code spawn} launches with {@link #NONE}. It halts with {@value #HALT_STATUS}, a status that
 * nothing else gives: not 0/1/2 (the spec's), not 126/127 (the shell's), not 128+n (a signal, such
 * as 137 from an OOM kill or kill -9).
 */
public final class Failpoint {

  public static final int HALT_STATUS = 99;
  static final String VARIABLE = "CFN_FAILPOINT";
  static final String ENABLING_PROPERTY = "cfn.test.failpoints";

  /** Never halts. */
  public static final Failpoint NONE = new Failpoint(null);

  private final String armed;

  private Failpoint(String armed) {
    this.armed = armed;
  }

  /** Armed when both this JVM's test-only property and {@code CFN_FAILPOINT} are set. */
  public static Failpoint fromTestSwitches() {
    return of(System.getenv(VARIABLE), Boolean.getBoolean(ENABLING_PROPERTY));
  }

  static Failpoint of(String variable, boolean enabledByTests) {
    return enabledByTests && variable != null && !variable.isBlank()
        ? new Failpoint(variable)
        : NONE;
  }

  public boolean fires(String point, String batchId) {
    return armed != null && armed.equals(point + ":" + batchId);
  }

  public void check(String point, AttemptSpec spec) {
    if (fires(point, spec.labels().get(CfnLabels.BATCH_ID))) {
      System.err.println("cfn-wave: failpoint " + armed + " reached: halting");
      System.err.flush();
      Runtime.getRuntime().halt(HALT_STATUS);
    }
  }
}
