package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.InputException;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.EngineUnavailableException;
import dev.cfnwave.plan.PlanException;
import dev.cfnwave.run.Cancellation;
import dev.cfnwave.run.journal.RunStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** Failures map to exit codes at the edge: the user's fault and a missing engine are 2. */
class ExitCodesTest {

  @Test
  void inputErrorsExitTwo() {
    assertThat(ExitCodes.of(new InputException("--parallel", "must be at least 1"))).isEqualTo(2);
    assertThat(ExitCodes.of(new PlanException("plan.json: $.waves", "missing"))).isEqualTo(2);
  }

  @Test
  void anUnreachableEngineExitsTwo() {
    assertThat(ExitCodes.of(new EngineUnavailableException("no engine", null))).isEqualTo(2);
  }

  @Test
  void otherFailuresExitOne() {
    assertThat(ExitCodes.of(new EngineException("create failed"))).isEqualTo(1);
    assertThat(ExitCodes.of(new UncheckedIOException("cannot write", new IOException())))
        .isEqualTo(1);
    assertThat(ExitCodes.of(new IllegalStateException())).isEqualTo(1);
  }

  @Test
  void anInputErrorNamesItsField() {
    InputException e = new InputException("--waves 9", "the plan has no wave 9");

    assertThat(e.field()).isEqualTo("--waves 9");
    assertThat(e).hasMessage("--waves 9: the plan has no wave 9");
  }

  @Test
  void anInputErrorIsOneLine() {
    InputException e = new InputException("--run-id a\nb", "must match\r[a-z]");

    assertThat(e.getMessage()).doesNotContain("\n", "\r");
    assertThat(e.field()).isEqualTo("--run-id a?b");
  }

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
