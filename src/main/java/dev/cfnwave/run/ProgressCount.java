package dev.cfnwave.run;

import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.admission.MemoryBudget;
import dev.cfnwave.run.admission.Pools;
import dev.cfnwave.run.journal.BatchRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Counts a run's batches into the progress line: settled, pending, waves done, an ETA, and each
 * pool's use and limit.
 */
final class ProgressCount {

  private ProgressCount() {}

  /** With the ETA from the pace so far, and no pools. */
  static WaveEvent.RunProgress of(
      List<BatchRun> batches,
      List<Wave> waves,
      int running,
      MemoryBudget budget,
      Duration elapsed) {
    return of(
        batches, waves, running, budget, Pools.none(), elapsed, RunEta.paceOnly(), Instant.EPOCH);
  }

  static WaveEvent.RunProgress of(
      List<BatchRun> batches,
      List<Wave> waves,
      int running,
      MemoryBudget budget,
      Pools pools,
      Duration elapsed,
      RunEta eta,
      Instant now) {
    int succeeded = 0;
    int failed = 0;
    int cancelled = 0;
    int pending = 0;
    // Launching (creating its container, waiting for its image) counts as running too.
    int active = 0;
    for (BatchRun b : batches) {
      if (b.state() == BatchRun.State.SETTLED) {
        if (b.finalStatus() == ExitStatus.SUCCESS) {
          succeeded++;
        } else {
          failed++;
        }
      } else if (b.state() == BatchRun.State.SKIPPED) {
        failed++;
      } else if (b.state() == BatchRun.State.CANCELLED) {
        cancelled++;
      } else if (b.state() == BatchRun.State.PENDING) {
        pending++;
      } else if (!b.isDone()) {
        active++;
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
    return new WaveEvent.RunProgress(
        wavesDone,
        waves.size(),
        batches.size(),
        Math.max(running, active),
        succeeded,
        failed,
        cancelled,
        pending,
        budget.inUse(),
        budget.budget(),
        budget.othersHeld(),
        elapsed,
        eta.of(batches, now, elapsed),
        pools.states().stream()
            .map(
                p ->
                    new WaveEvent.PoolProgress(
                        p.name(),
                        p.inUse() + p.othersUsing(),
                        p.limit(),
                        p.configured(),
                        p.rateLimited()))
            .toList(),
        WaveEvent.Spend.NONE);
  }
}
