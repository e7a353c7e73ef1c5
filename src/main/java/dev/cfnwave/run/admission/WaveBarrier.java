package dev.cfnwave.run.admission;

import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.journal.BatchRun;
import java.util.List;

/**
 * --schedule waves, the spec's semantics: only the current wave's batches start, and the next wave
 * starts once every batch of the current one is done; after a wave with failures the run stops
 * starting batches unless --keep-going.
 */
final class WaveBarrier implements AdmissionPolicy {

  private final List<Wave> waves;
  private final List<BatchRun> batches;
  private final List<BatchRun> order;
  private final boolean keepGoing;
  private final WaveListener listener;
  private int waveIndex;

  WaveBarrier(
      List<Wave> waves,
      List<BatchRun> batches,
      List<BatchRun> order,
      boolean keepGoing,
      WaveListener listener) {
    this.waves = waves;
    this.batches = batches;
    this.order = order;
    this.keepGoing = keepGoing;
    this.listener = listener;
  }

  @Override
  public List<BatchRun> candidates() {
    if (waveIndex >= waves.size()) {
      return List.of();
    }
    int current = waves.get(waveIndex).waveNumber();
    return order.stream().filter(b -> b.waveNumber == current).toList();
  }

  @Override
  public void settled(BatchRun batch) {}

  @Override
  public void advance() {
    while (waveIndex < waves.size()) {
      int current = waves.get(waveIndex).waveNumber();
      List<BatchRun> wave = batches.stream().filter(b -> b.waveNumber == current).toList();
      if (!wave.stream().allMatch(BatchRun::isDone)) {
        return;
      }
      boolean failures =
          wave.stream()
              .anyMatch(
                  b ->
                      b.state() == BatchRun.State.SKIPPED
                          || (b.state() == BatchRun.State.SETTLED
                              && b.finalStatus() != ExitStatus.SUCCESS));
      waveIndex++;
      // "wave N ended: ..." is the run's WaveEnded event, under either schedule.
      if (failures && !keepGoing) {
        AdmissionPolicy.skipUnstarted(batches);
        listener.warn("wave " + current + " had failures: stopping (--keep-going runs the rest)");
      }
    }
  }
}
