package dev.cfnwave.run.journal;

import static dev.cfnwave.run.journal.BatchRuns.AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.report.ExitStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchRunTest {

  @Test
  void aSuccessfulAttemptGoesThroughEveryStateAndJournalsEachStep() {
    BatchRun b = BatchRuns.pending("a", 1);

    JournalEntry starting = b.starting(new Attempt(1, b.nextShape(), "c-a"), AT);
    assertThat(b.state()).isEqualTo(BatchRun.State.LAUNCHING);
    JournalEntry started = b.started("id-a", AT, AT);
    assertThat(b.state()).isEqualTo(BatchRun.State.RUNNING);
    JournalEntry ended =
        b.ended(new AttemptEnd("id-a", 0L, ExitStatus.SUCCESS, null, AT, AT.plusSeconds(5)), AT);
    assertThat(b.state()).isEqualTo(BatchRun.State.ENDED);
    JournalEntry settled = b.settle(AT);

    assertThat(b.state()).isEqualTo(BatchRun.State.SETTLED);
    assertThat(b.finalStatus()).isEqualTo(ExitStatus.SUCCESS);
    assertThat(starting.type()).isEqualTo(JournalEntry.ATTEMPT_STARTING);
    assertThat(starting.name()).isEqualTo("c-a");
    assertThat(starting.memoryLimit()).isEqualTo("100m");
    assertThat(started.type()).isEqualTo(JournalEntry.ATTEMPT_STARTED);
    assertThat(started.handle()).isEqualTo("id-a");
    assertThat(ended.type()).isEqualTo(JournalEntry.ATTEMPT_ENDED);
    assertThat(ended.exitStatus()).isEqualTo("success");
    assertThat(ended.completedAt()).isEqualTo("2026-01-01T00:00:05Z");
    assertThat(settled.type()).isEqualTo(JournalEntry.BATCH_SETTLED);
    assertThat(settled.exitStatus()).isEqualTo("success");
    assertThat(settled.attempt()).isEqualTo(1);
  }

  @Test
  void aRetryStartsTheNextAttemptInTheNewShapeFromItsTime() {
    BatchRun b = BatchRuns.ended("a", 1, ExitStatus.OOM_KILLED);
    var bigger = b.batch.withMemory(2, MemorySize.parse("200m"));

    b.retry(bigger, AT.plusSeconds(2));

    assertThat(b.isEligible(AT.plusSeconds(1))).isFalse();
    assertThat(b.isEligible(AT.plusSeconds(2))).isTrue();
    JournalEntry second = b.starting(new Attempt(2, b.nextShape(), "c-a-2"), AT);
    assertThat(second.memoryLimit()).isEqualTo("200m");
    assertThat(b.attempts()).hasSize(2);
  }

  @Test
  void aStopJournalsItsReasonAndAnInterruptedEndIsNotCounted() {
    BatchRun b = BatchRuns.running("a", 1);

    JournalEntry stopping = b.stopping(StopReason.INTERRUPTED, AT);
    JournalEntry ended = b.ended(new AttemptEnd("id-a", 143L, ExitStatus.FAILED, null, AT, AT), AT);

    assertThat(stopping.type()).isEqualTo(JournalEntry.ATTEMPT_STOPPING);
    assertThat(stopping.error()).isEqualTo("interrupted");
    assertThat(ended.error()).isEqualTo("interrupted");
    assertThat(b.countedAttempts()).isZero();
    b.requeue();
    assertThat(b.state()).isEqualTo(BatchRun.State.PENDING);
  }

  @Test
  void aTimeoutStopMarksTheAttemptTimedOut() {
    BatchRun b = BatchRuns.running("a", 1);

    assertThat(b.stopping(StopReason.TIMEOUT, AT).error()).isEqualTo("timeout");

    assertThat(b.current().timedOut).isTrue();
    assertThat(b.current().interrupted).isFalse();
  }

  @Test
  void aFailedLaunchEndsFromLaunching() {
    BatchRun b = BatchRuns.pending("a", 1);
    b.starting(new Attempt(1, b.nextShape(), "c-a"), AT);

    JournalEntry ended = b.ended(AttemptEnd.spawnFailed("no such image"), AT);

    assertThat(ended.exitStatus()).isEqualTo("failed");
    assertThat(ended.error()).isEqualTo("no such image");
    assertThat(ended.handle()).isNull();
  }

  @Test
  void aForgottenLaunchIsStartedAgainUnderTheSameNumber() {
    BatchRun b = BatchRuns.running("a", 1);

    b.forgetLaunch();

    assertThat(b.state()).isEqualTo(BatchRun.State.PENDING);
    assertThat(b.attempts()).isEmpty();
    b.starting(new Attempt(1, b.nextShape(), "c-a"), AT);
  }

  @Test
  void onlyAnUnstartedBatchIsSkippedAndOnlyABatchWithAnAttemptSettles() {
    BatchRun fresh = BatchRuns.pending("a", 1);
    assertThatThrownBy(() -> fresh.settle(AT)).isInstanceOf(IllegalStateException.class);
    fresh.skip();
    assertThat(fresh.isDone()).isTrue();

    BatchRun between = BatchRuns.ended("b", 1, ExitStatus.FAILED);
    between.retry(between.nextShape(), Instant.MAX);
    assertThatThrownBy(between::skip).isInstanceOf(IllegalStateException.class);
    assertThat(between.settle(AT).exitStatus()).isEqualTo("failed");
  }

  @Test
  void illegalTransitionsThrow() {
    BatchRun pending = BatchRuns.pending("a", 1);
    assertThatThrownBy(() -> pending.started("x", AT, AT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("batch a");
    assertThatThrownBy(() -> pending.stopping(StopReason.TIMEOUT, AT))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> pending.starting(new Attempt(2, pending.nextShape(), "c"), AT))
        .isInstanceOf(IllegalStateException.class);

    BatchRun running = BatchRuns.running("b", 1);
    assertThatThrownBy(() -> running.starting(new Attempt(2, running.nextShape(), "c"), AT))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> running.settle(AT)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(running::requeue).isInstanceOf(IllegalStateException.class);

    BatchRun settled = BatchRuns.settled("c", 1, ExitStatus.SUCCESS);
    assertThatThrownBy(() -> settled.retry(settled.nextShape(), AT))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> settled.settle(AT)).isInstanceOf(IllegalStateException.class);

    BatchRun failed = BatchRuns.ended("d", 1, ExitStatus.FAILED);
    assertThatThrownBy(failed::requeue)
        .as("only an interrupted attempt is requeued")
        .isInstanceOf(IllegalStateException.class);
  }
}
