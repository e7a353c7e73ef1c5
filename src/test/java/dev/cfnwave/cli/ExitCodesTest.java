package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.run.Cancellation;
import dev.cfnwave.run.RunStatus;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

  @Test
  void aRunsStatusMapsToTheDocumentedExitCodes() {
    Cancellation none = new Cancellation();

    assertThat(ExitCodes.of(RunStatus.SUCCEEDED, none)).isZero();
    assertThat(ExitCodes.of(RunStatus.FAILED, none)).isEqualTo(1);
    assertThat(ExitCodes.of(RunStatus.TIMEOUT, none)).isEqualTo(2);
  }

  @Test
  void anInterruptedRunExitsWith128PlusTheSignal() {
    Cancellation sigterm = new Cancellation();
    sigterm.request(15);

    assertThat(ExitCodes.of(RunStatus.INTERRUPTED, sigterm)).isEqualTo(143);
  }
}
