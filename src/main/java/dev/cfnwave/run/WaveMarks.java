package dev.cfnwave.run;

import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.journal.BatchRun;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells when a wave starts (its first batch leaves the queue) and when it ends (every batch done),
 * each once. Waves already started or ended when it is made (a resumed run) are not told again.
 */
final class WaveMarks {

  private final List<Wave> waves;
  private final List<BatchRun> batches;
  private final Set<Integer> started = new HashSet<>();
  private final Set<Integer> ended = new HashSet<>();
  private final SpendLimits spend;

  WaveMarks(List<Wave> waves, List<BatchRun> batches) {
    this(waves, batches, SpendLimits.NONE);
  }

  /** With the spend budget that a wave's end shows the run's spend against. */
  WaveMarks(List<Wave> waves, List<BatchRun> batches, SpendLimits spend) {
    this.waves = waves;
    this.batches = batches;
    this.spend = spend;
    for (Wave wave : waves) {
      if (hasStarted(wave)) {
        started.add(wave.waveNumber());
      }
      if (hasEnded(wave)) {
        ended.add(wave.waveNumber());
      }
    }
  }

  /** Tells the listener what changed since the last call; true when anything did. */
  boolean update(WaveListener listener) {
    boolean changed = false;
    for (Wave wave : waves) {
      int number = wave.waveNumber();
      if (!started.contains(number) && hasStarted(wave)) {
        started.add(number);
        listener.on(new WaveEvent.WaveStarted(number, of(wave).size()));
        changed = true;
      }
      if (!ended.contains(number) && hasEnded(wave)) {
        ended.add(number);
        listener.on(ended(number));
        changed = true;
      }
    }
    return changed;
  }

  private WaveEvent.WaveEnded ended(int number) {
    int succeeded = 0;
    int failed = 0;
    int skipped = 0;
    int cancelled = 0;
    int notStarted = 0;
    for (BatchRun b : of(number)) {
      if (b.state() == BatchRun.State.NOT_STARTED) {
        notStarted++;
      } else if (b.state() == BatchRun.State.SKIPPED) {
        skipped++;
      } else if (b.state() == BatchRun.State.CANCELLED) {
        cancelled++;
      } else if (b.finalStatus() == ExitStatus.SUCCESS) {
        succeeded++;
      } else {
        failed++;
      }
    }
    return new WaveEvent.WaveEnded(
        number,
        succeeded,
        failed,
        skipped,
        cancelled,
        notStarted,
        SpendBudget.progress(spend, batches));
  }

  private boolean hasStarted(Wave wave) {
    return of(wave).stream().anyMatch(b -> !b.attempts().isEmpty());
  }

  private boolean hasEnded(Wave wave) {
    return of(wave).stream().allMatch(BatchRun::isDone);
  }

  private List<BatchRun> of(Wave wave) {
    return of(wave.waveNumber());
  }

  private List<BatchRun> of(int number) {
    return batches.stream().filter(b -> b.waveNumber == number).toList();
  }
}
