package dev.cfnwave.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExitStatusTest {

  @ParameterizedTest(name = "exit {0}, oom {1} is {2}")
  @CsvSource({
    "0, false, SUCCESS",
    "1, false, FAILED",
    "137, false, FAILED",
    "124, false, FAILED",
    "-1, false, FAILED",
    "0, true, OOM_KILLED",
    "137, true, OOM_KILLED",
    "1, true, OOM_KILLED",
  })
  void oomKillerWinsOverTheExitCode(long exitCode, boolean oomKilled, ExitStatus expected) {
    assertThat(ExitStatus.classify(exitCode, oomKilled)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"SUCCESS:success", "FAILED:failed", "OOM_KILLED:oom_killed", "TIMEOUT:timeout"})
  void wireNameIsTheSpecsLowerCaseName(String pair) {
    String[] parts = pair.split(":");

    assertThat(ExitStatus.valueOf(parts[0]).wireName()).isEqualTo(parts[1]);
  }

  @ParameterizedTest
  @EnumSource(
      value = ExitStatus.class,
      names = {"FAILED", "OOM_KILLED"})
  void failedAndOomKilledAreFailures(ExitStatus status) {
    assertThat(status.isFailure()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = ExitStatus.class,
      names = {"SUCCESS", "TIMEOUT"})
  void successAndTimeoutAreNotFailures(ExitStatus status) {
    assertThat(status.isFailure()).isFalse();
  }
}
