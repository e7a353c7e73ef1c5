package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.AttemptEnd;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.BatchRuns;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each wave is told started once and ended once, with how its batches ended. */
class WaveMarksTest {

  private final List<WaveEvent> events = new ArrayList<>();

  @Test
  void aWaveIsToldStartedThenEndedOnce() {
    BatchRun a = BatchRuns.pending("a", 1);
    BatchRun b = BatchRuns.pending("b", 2);
    List<BatchRun> batches = List.of(a, b);
    WaveMarks marks =
        new WaveMarks(
            List.of(new Wave(1, List.of(a.batch)), new Wave(2, List.of(b.batch))), batches);

    assertThat(marks.update(events::add)).isFalse();
    a.starting(new Attempt(1, a.nextShape(), "c-a"), BatchRuns.AT);
    assertThat(marks.update(events::add)).isTrue();
    assertThat(marks.update(events::add)).isFalse();
    a.started("id-a", BatchRuns.AT, BatchRuns.AT);
    a.ended(
        new AttemptEnd("id-a", 1L, ExitStatus.FAILED, null, BatchRuns.AT, BatchRuns.AT),
        BatchRuns.AT);
    a.settle(BatchRuns.AT);
    b.skip();
    marks.update(events::add);

    assertThat(events)
        .containsExactly(
            new WaveEvent.WaveStarted(1, 1),
            new WaveEvent.WaveEnded(1, 0, 1, 0),
            new WaveEvent.WaveEnded(2, 0, 0, 1));
  }

  @Test
  void wavesAlreadyStartedOrEndedWhenResumingAreNotToldAgain() {
    BatchRun done = BatchRuns.settled("done", 1, ExitStatus.SUCCESS);
    BatchRun running = BatchRuns.running("running", 2);
    WaveMarks marks =
        new WaveMarks(
            List.of(new Wave(1, List.of(done.batch)), new Wave(2, List.of(running.batch))),
            List.of(done, running));

    assertThat(marks.update(events::add)).isFalse();
    assertThat(events).isEmpty();
  }
}
