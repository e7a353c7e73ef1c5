package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.report.AttemptOutput;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.ResultFile;
import dev.cfnwave.run.journal.AttemptEnd;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputVerdictTest {

  private static final long LIMIT = 1000;

  private static AttemptEnd end(ExitStatus status, long code) {
    return new AttemptEnd("h1", code, status, null, null, null);
  }

  private static AttemptOutput output(long bytes, String resultStatus) {
    ResultFile result =
        resultStatus == null ? null : new ResultFile(resultStatus, "s", null, null, null);
    return new AttemptOutput("out/b/1", bytes, 1, result, List.of());
  }

  @Test
  void aFolderPastTheLimitFailsEvenASuccess() {
    AttemptEnd decided =
        OutputVerdict.apply(end(ExitStatus.SUCCESS, 0), output(LIMIT + 1, null), LIMIT, false);

    assertThat(decided.exitStatus()).isEqualTo(ExitStatus.FAILED);
    assertThat(decided.error()).isEqualTo("output over the limit");
    assertThat(decided.exitCode()).isZero();
    assertThat(decided.output().bytes()).isEqualTo(LIMIT + 1);
  }

  @Test
  void aFolderAtTheLimitIsFine() {
    AttemptEnd decided =
        OutputVerdict.apply(end(ExitStatus.SUCCESS, 0), output(LIMIT, null), LIMIT, false);

    assertThat(decided.exitStatus()).isEqualTo(ExitStatus.SUCCESS);
    assertThat(decided.output().warnings()).isEmpty();
  }

  @Test
  void aDisagreeingStatusIsAWarningAndTheExitCodeDecides() {
    AttemptEnd decided =
        OutputVerdict.apply(end(ExitStatus.SUCCESS, 0), output(10, "failed"), LIMIT, false);

    assertThat(decided.exitStatus()).isEqualTo(ExitStatus.SUCCESS);
    assertThat(decided.output().warnings())
        .containsExactly(
            "result.json says failed but the exit code 0 says success: the exit code decides");
  }

  @Test
  void aTrustedStatusDecidesWhenTheContainerEndedOnItsOwn() {
    AttemptEnd failed =
        OutputVerdict.apply(end(ExitStatus.SUCCESS, 0), output(10, "rate_limited"), LIMIT, true);
    AttemptEnd skipped =
        OutputVerdict.apply(end(ExitStatus.FAILED, 1), output(10, "skipped"), LIMIT, true);

    assertThat(failed.exitStatus()).isEqualTo(ExitStatus.FAILED);
    assertThat(failed.error()).isEqualTo("result.json says rate_limited");
    assertThat(failed.output().warnings().get(0))
        .endsWith("result.json decides (--trust-result-status)");
    assertThat(skipped.exitStatus()).isEqualTo(ExitStatus.SUCCESS);
    assertThat(skipped.error()).isNull();
  }

  @Test
  void anOomKillIsNeverOverruled() {
    AttemptEnd decided =
        OutputVerdict.apply(end(ExitStatus.OOM_KILLED, 137), output(10, "success"), LIMIT, true);

    assertThat(decided.exitStatus()).isEqualTo(ExitStatus.OOM_KILLED);
    assertThat(decided.output().warnings().get(0)).endsWith("the exit code decides");
  }

  @Test
  void anAgreeingStatusSaysNothing() {
    AttemptEnd decided =
        OutputVerdict.apply(end(ExitStatus.FAILED, 3), output(10, "failed"), LIMIT, true);

    assertThat(decided.exitStatus()).isEqualTo(ExitStatus.FAILED);
    assertThat(decided.output().warnings()).isEmpty();
  }
}
