package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.admission.MemoryBudget;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.BatchRuns;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressCountTest {

  private final BatchRun ok = BatchRuns.settled("ok", 1, ExitStatus.SUCCESS);
  private final BatchRun broken = BatchRuns.settled("broken", 1, ExitStatus.FAILED);
  private final BatchRun waiting = BatchRuns.pending("waiting", 2);
  private final BatchRun running = BatchRuns.running("running", 2);
  private final List<Wave> waves =
      List.of(new Wave(1, List.of(ok.batch, broken.batch)), new Wave(2, List.of(waiting.batch)));

  @Test
  void countsSettledAndPendingBatchesAndFinishedWaves() {
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
}
