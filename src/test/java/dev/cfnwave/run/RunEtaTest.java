package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.BatchRuns;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ETA from expected durations where every batch left has one, else from the pace so far. */
class RunEtaTest {

  /** BatchRuns' batches reserve 100m each. */
  private static final long MIB_100 = 100L << 20;

  private final Instant now = BatchRuns.AT.plusSeconds(30);

  @Test
  void batchesThatFitTogetherTakeAsLongAsTheLongestLeft() {
    List<BatchRun> batches =
        List.of(BatchRuns.pending("a", 1), BatchRuns.pending("b", 1), BatchRuns.pending("c", 1));
    RunEta eta =
        new RunEta(Map.of("a", secs(60), "b", secs(120), "c", secs(30)), 10 * MIB_100, true);

    assertThat(eta.of(batches, now, Duration.ZERO)).isEqualTo(secs(120));
  }

  @Test
  void moreWorkThanTheBudgetHoldsAtOnceIsSpreadOverIt() {
    List<BatchRun> batches =
        List.of(BatchRuns.pending("a", 1), BatchRuns.pending("b", 1), BatchRuns.pending("c", 1));
    RunEta eta = new RunEta(Map.of("a", secs(60), "b", secs(60), "c", secs(60)), MIB_100, true);

    assertThat(eta.of(batches, now, Duration.ZERO)).as("one at a time").isEqualTo(secs(180));
  }

  @Test
  void wavesFollowOneAnotherAndARunningBatchCountsWhatItHasLeft() {
    BatchRun running = BatchRuns.running("a", 1);
    List<BatchRun> batches =
        List.of(
            running, BatchRuns.settled("done", 1, ExitStatus.SUCCESS), BatchRuns.pending("b", 2));
    Map<String, Duration> expected = Map.of("a", secs(100), "b", secs(50));

    assertThat(new RunEta(expected, 10 * MIB_100, true).of(batches, now, secs(30)))
        .as("70 s left of a, then wave 2's 50 s")
        .isEqualTo(secs(120));
    assertThat(new RunEta(expected, 10 * MIB_100, false).of(batches, now, secs(30)))
        .as("continuous: side by side")
        .isEqualTo(secs(70));
  }

  @Test
  void aBatchWithoutAnEstimateFallsBackOnThePace() {
    List<BatchRun> batches =
        List.of(BatchRuns.settled("done", 1, ExitStatus.SUCCESS), BatchRuns.pending("b", 1));
    RunEta eta = new RunEta(Map.of(), 10 * MIB_100, true);

    assertThat(eta.of(batches, now, secs(40))).isEqualTo(secs(40));
    assertThat(eta.of(List.of(BatchRuns.pending("b", 1)), now, secs(40))).isNull();
    assertThat(eta.of(List.of(BatchRuns.settled("x", 1, ExitStatus.FAILED)), now, secs(1)))
        .isEqualTo(Duration.ZERO);
  }

  private static Duration secs(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
