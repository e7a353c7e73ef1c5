package dev.cfnwave.run.admission;

import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.run.journal.BatchRun;
import java.util.List;

/**
 * Which batches may be offered memory now, and what a settled failure does to the rest: the {@code
 * waves} schedule keeps a barrier between waves, {@code continuous} treats waves as a priority
 * order only; under both, a batch is offered memory only once the batches it depends on succeeded.
 */
public interface AdmissionPolicy {

  static AdmissionPolicy of(
      Schedule schedule,
      boolean keepGoing,
      List<Wave> waves,
      List<BatchRun> batches,
      Estimates estimates,
      WaveListener listener) {
    List<BatchRun> order = AdmissionOrder.longestExpectedFirst(batches, estimates);
    AdmissionPolicy policy =
        switch (schedule) {
          case WAVES -> new WaveBarrier(waves, batches, order, keepGoing, listener);
          case CONTINUOUS -> new ContinuousAdmission(batches, order, keepGoing, listener);
        };
    Dependencies.of(batches)
        .outsideTheRun()
        .forEach(d -> listener.warn(d + ", which is not in this run: not checked"));
    return DependencyGate.around(policy, batches);
  }

  /** The batches that may start now, in the order they are offered memory. */
  List<BatchRun> candidates();

  /** Called once a batch has its final result. */
  void settled(BatchRun batch);

  /** Called once per step of the run, before admission. */
  void advance();

  /** Marks every batch that has not started as never to start. */
  static void skipUnstarted(List<BatchRun> batches) {
    for (BatchRun b : batches) {
      if (b.state() == BatchRun.State.PENDING && b.attempts().isEmpty()) {
        b.skip();
      }
    }
  }
}
