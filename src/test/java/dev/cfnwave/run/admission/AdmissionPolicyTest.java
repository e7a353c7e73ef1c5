package dev.cfnwave.run.admission;

import static dev.cfnwave.run.journal.BatchRuns.AT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.AttemptEnd;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.BatchRuns;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both schedules, driven by hand: which batches may start, and what a failure does. */
class AdmissionPolicyTest {

  private final BatchRun a = BatchRuns.pending("a", 1);
  private final BatchRun b = BatchRuns.pending("b", 1);
  private final BatchRun c = BatchRuns.pending("c", 2);
  private final List<BatchRun> batches = List.of(a, b, c);
  private final List<Wave> waves =
      List.of(new Wave(1, List.of(a.batch, b.batch)), new Wave(2, List.of(c.batch)));

  private WaveBarrier waves(boolean keepGoing) {
    return new WaveBarrier(waves, batches, batches, keepGoing, WaveListener.NONE);
  }

  private ContinuousAdmission continuous(boolean keepGoing) {
    return new ContinuousAdmission(batches, batches, keepGoing, WaveListener.NONE);
  }

  private static void runToEnd(BatchRun batch, ExitStatus status) {
    batch.starting(new Attempt(batch.attempts().size() + 1, batch.nextShape(), "c"), AT);
    batch.started("id", AT, AT);
    batch.ended(new AttemptEnd("id", 0L, status, null, AT, AT), AT);
    batch.settle(AT);
  }

  @Test
  void wavesOfferOnlyTheCurrentWaveUntilItIsDone() {
    WaveBarrier policy = waves(false);
    policy.advance();
    assertThat(policy.candidates()).containsExactly(a, b);

    runToEnd(a, ExitStatus.SUCCESS);
    policy.advance();
    assertThat(policy.candidates()).containsExactly(a, b);

    runToEnd(b, ExitStatus.SUCCESS);
    policy.advance();
    assertThat(policy.candidates()).containsExactly(c);

    runToEnd(c, ExitStatus.SUCCESS);
    policy.advance();
    assertThat(policy.candidates()).isEmpty();
  }

  @Test
  void aWaveWithFailuresSkipsTheLaterWaves() {
    WaveBarrier policy = waves(false);
    runToEnd(a, ExitStatus.FAILED);
    runToEnd(b, ExitStatus.SUCCESS);

    policy.advance();

    assertThat(c.state()).isEqualTo(BatchRun.State.NOT_STARTED);
  }

  @Test
  void wavesWithKeepGoingRunTheNextWaveAfterFailures() {
    WaveBarrier policy = waves(true);
    runToEnd(a, ExitStatus.FAILED);
    runToEnd(b, ExitStatus.OOM_KILLED);

    policy.advance();

    assertThat(c.state()).isEqualTo(BatchRun.State.PENDING);
    assertThat(policy.candidates()).containsExactly(c);
  }

  @Test
  void continuousOffersEveryBatchInItsOrder() {
    assertThat(continuous(false).candidates()).containsExactly(a, b, c);
  }

  @Test
  void continuousStopsStartingBatchesAfterAFailureButLetsStartedOnesRetry() {
    ContinuousAdmission policy = continuous(false);
    a.starting(new Attempt(1, a.nextShape(), "c"), AT);
    a.started("id", AT, AT);
    a.ended(new AttemptEnd("id", 1L, ExitStatus.FAILED, null, AT, AT), AT);
    a.retry(a.nextShape(), AT);
    runToEnd(b, ExitStatus.FAILED);

    policy.settled(b);

    assertThat(c.state()).isEqualTo(BatchRun.State.NOT_STARTED);
    assertThat(policy.candidates()).containsExactly(a, b);
  }

  @Test
  void continuousWithKeepGoingDoesNotStopAfterAFailure() {
    ContinuousAdmission policy = continuous(true);
    runToEnd(a, ExitStatus.FAILED);

    policy.settled(a);

    assertThat(c.state()).isEqualTo(BatchRun.State.PENDING);
    assertThat(policy.candidates()).containsExactly(a, b, c);
  }

  @Test
  void aSuccessDoesNotStopContinuous() {
    ContinuousAdmission policy = continuous(false);
    runToEnd(a, ExitStatus.SUCCESS);

    policy.settled(a);

    assertThat(b.state()).isEqualTo(BatchRun.State.PENDING);
  }
}
