package dev.cfnwave.spawn;

import dev.cfnwave.engine.CfnLabels;
import dev.cfnwave.engine.ContainerSpec;

/**
 * A crash on purpose, for the crash-recovery tests: with {@code CFN_FAILPOINT=after-create:b2} the
 * process halts like a kill -9 right after creating batch b2's container, before starting it. Unset
 * (always, outside those tests) it does nothing.
 */
final class Failpoint {

  static final int HALT_STATUS = 137;
  private static final String SPEC = System.getenv("CFN_FAILPOINT");

  private Failpoint() {}

  static void check(String point, ContainerSpec spec) {
    if (SPEC != null && SPEC.equals(point + ":" + spec.labels().get(CfnLabels.BATCH_ID))) {
      System.err.println("cfn-wave: failpoint " + SPEC + " reached: halting");
      System.err.flush();
      Runtime.getRuntime().halt(HALT_STATUS);
    }
  }
}
