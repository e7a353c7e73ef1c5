package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.report.ExitStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressCountTest {

  private final BatchRun ok = batch("ok", 1, ExitStatus.SUCCESS);
  private final BatchRun broken = batch("broken", 1, ExitStatus.FAILED);
  private final BatchRun waiting = batch("waiting", 2, null);
  private final BatchRun running = batch("running", 2, null);
  private final List<Wave> waves =
      List.of(new Wave(1, List.of(ok.batch, broken.batch)), new Wave(2, List.of(waiting.batch)));

  @Test
  void countsSettledAndPendingBatchesAndFinishedWaves() {
    running.state = BatchRun.State.RUNNING;

    WaveEvent.RunProgress progress =
        ProgressCount.of(
            List.of(ok, broken, waiting, running),
            waves,
            1,
            new MemoryBudget(MemorySize.parse("1g")),
            Duration.ofSeconds(10));

    assertThat(progress.succeeded()).isEqualTo(1);
    assertThat(progress.failed()).isEqualTo(1);
    assertThat(progress.pending()).isEqualTo(1);
    assertThat(progress.running()).isEqualTo(1);
    assertThat(progress.wavesDone()).isEqualTo(1);
    assertThat(progress.wavesTotal()).isEqualTo(2);
    assertThat(progress.eta()).as("2 of 4 done in 10 s").isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void noEtaBeforeTheFirstBatchIsDone() {
    WaveEvent.RunProgress progress =
        ProgressCount.of(
            List.of(waiting),
            waves,
            0,
            new MemoryBudget(MemorySize.parse("1g")),
            Duration.ofSeconds(3));

    assertThat(progress.eta()).isNull();
  }

  private static BatchRun batch(String id, int wave, ExitStatus settledAs) {
    BatchRun b = new BatchRun(new Batch(id, 1, MemorySize.parse("100m"), List.of(), ""), wave, 0);
    if (settledAs != null) {
      Attempt attempt = new Attempt(1, b.batch, "c-" + id);
      attempt.exitStatus = settledAs;
      b.attempts.add(attempt);
      b.state = BatchRun.State.SETTLED;
    }
    return b;
  }
}
