package dev.cfnwave.run;

import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.admission.MemoryBudget;
import dev.cfnwave.run.journal.BatchRun;
import java.time.Duration;
import java.util.List;

/** Counts a run's batches into the progress line: settled, pending, waves done, and an ETA. */
final class ProgressCount {

  private ProgressCount() {}

  static WaveEvent.RunProgress of(
      List<BatchRun> batches,
      List<Wave> waves,
      int running,
      MemoryBudget budget,
      Duration elapsed) {
    int succeeded = 0;
    int failed = 0;
    int pending = 0;
    for (BatchRun b : batches) {
      if (b.state() == BatchRun.State.SETTLED) {
        if (b.finalStatus() == ExitStatus.SUCCESS) {
          succeeded++;
        } else {
          failed++;
        }
      } else if (b.state() == BatchRun.State.SKIPPED) {
        failed++;
      } else if (b.state() == BatchRun.State.PENDING) {
        pending++;
      }
    }
    int wavesDone =
        (int)
            waves.stream()
                .filter(
                    w ->
                        batches.stream()
                            .filter(b -> b.waveNumber == w.waveNumber())
                            .allMatch(BatchRun::isDone))
                .count();
    int done = succeeded + failed;
    // The average pace so far, applied to what is left.
    Duration eta = done == 0 ? null : elapsed.multipliedBy(batches.size() - done).dividedBy(done);
    return new WaveEvent.RunProgress(
        wavesDone,
        waves.size(),
        running,
        succeeded,
        failed,
        pending,
        budget.inUse(),
        budget.budget(),
        budget.othersHeld(),
        elapsed,
        eta);
  }
}
