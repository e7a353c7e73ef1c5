package dev.cfnwave.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailpointTest {

  @Test
  void theVariableAloneArmsNothing() {
    Failpoint failpoint = Failpoint.of("after-create:b2", false);

    assertThat(failpoint.fires("after-create", "b2")).isFalse();
  }

  @Test
  void theTestPropertyAloneArmsNothing() {
    assertThat(Failpoint.of(null, true).fires("after-create", "b2")).isFalse();
    assertThat(Failpoint.of(" ", true).fires("after-create", "b2")).isFalse();
  }

  @Test
  void bothSwitchesArmExactlyTheNamedPointAndBatch() {
    Failpoint failpoint = Failpoint.of("after-create:b2", true);

    assertThat(failpoint.fires("after-create", "b2")).isTrue();
    assertThat(failpoint.fires("after-create", "b1")).isFalse();
    assertThat(failpoint.fires("before-start", "b2")).isFalse();
  }

  @Test
  void theSwitchesOfThisJvmArmNothing() {
    // Only the CLI child processes of the integration tests get the property.
    assertThat(System.getProperty(Failpoint.ENABLING_PROPERTY)).isNull();
    assertThat(Failpoint.fromTestSwitches().fires("after-create", "b2")).isFalse();
  }

  @Test
  void theHaltStatusIsNoneThatAnythingElseGives() {
    assertThat(Failpoint.HALT_STATUS).isNotIn(0, 1, 2, 126, 127).isBetween(3, 125);
  }
}
