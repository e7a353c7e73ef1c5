package dev.cfnwave.run.admission;

import dev.cfnwave.event.WaveListener;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.journal.BatchRun;
import java.util.List;

/**
 * --schedule continuous: waves are only a priority order, any pending batch may start as soon as
 * memory frees; after a failed batch no further batch starts unless --keep-going.
 */
final class ContinuousAdmission implements AdmissionPolicy {

  private final List<BatchRun> batches;
  private final List<BatchRun> order;
  private final boolean keepGoing;
  private final WaveListener listener;
  private boolean halted;

  ContinuousAdmission(
      List<BatchRun> batches, List<BatchRun> order, boolean keepGoing, WaveListener listener) {
    this.batches = batches;
    this.order = order;
    this.keepGoing = keepGoing;
    this.listener = listener;
  }

  @Override
  public List<BatchRun> candidates() {
    return halted ? order.stream().filter(b -> !b.attempts().isEmpty()).toList() : order;
  }

  @Override
  public void settled(BatchRun batch) {
    if (halted
        || keepGoing
        || batch.finalStatus() == ExitStatus.SUCCESS
        || batch.finalStatus() == ExitStatus.CANCELLED) {
      return;
    }
    halted = true;
    listener.warn("a batch failed: starting no further batches (--keep-going runs the rest)");
    AdmissionPolicy.skipUnstarted(batches);
  }

  @Override
  public void advance() {}
}
