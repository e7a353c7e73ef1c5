package dev.cfnwave.run;

import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.BatchGroup;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.admission.AdmissionPolicy;
import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.Journal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Consumer;

/**
 * The run loop's best-of-N steps ({@link EnoughSuccesses}): once a group or the run had the
 * successes it needed, stop its other running attempts, cancel its waiting batches, and end the
 * stopped ones cancelled. Confined to the run's thread.
 */
final class CancelSteps {

  private final EnoughSuccesses enough;
  private final Journal journal;
  private final AdmissionPolicy admission;
  private final WaveListener listener;
  private final InstantSource clock;

  CancelSteps(
      List<BatchGroup> groups,
      Halt halt,
      List<BatchRun> batches,
      Journal journal,
      AdmissionPolicy admission,
      WaveListener listener,
      InstantSource clock) {
    this.enough = new EnoughSuccesses(groups, halt, batches);
    this.journal = journal;
    this.admission = admission;
    this.listener = listener;
    this.clock = clock;
  }

  /**
   * Cancels the waiting batches that are due, and hands the running ones to {@code stop} (once: not
   * those already being stopped).
   */
  void cancelDue(Consumer<BatchRun> stop) {
    for (EnoughSuccesses.Due due : enough.due()) {
      BatchRun b = due.batch();
      switch (b.state()) {
        case PENDING -> cancel(b, due.reason());
        case RUNNING -> {
          if (due.stopRunning() && b.current().stopReason == null) {
            listener.info(b.current().name + ": " + due.reason() + ", stopping it");
            stop.accept(b);
          }
        }
        default -> {}
      }
    }
  }

  /**
   * After an attempt ended: cancels the batch when the attempt was stopped for it, or when it did
   * not succeed and its group (or the run under --halt now) has had its successes meanwhile.
   *
   * @return whether it was cancelled
   */
  boolean cancelEnded(BatchRun b) {
    Attempt last = b.current();
    boolean stopped = last.exitStatus == ExitStatus.CANCELLED;
    if (!stopped && last.exitStatus == ExitStatus.SUCCESS) {
      return false;
    }
    String reason = enough.reasonFor(b);
    if (stopped || (reason != null && stopsRunning(b))) {
      cancel(b, reason != null ? reason : "cancelled");
      return true;
    }
    return false;
  }

  /** Whether the batch may not start another attempt: the run had its successes (--halt soon). */
  boolean noMoreAttempts(BatchRun b) {
    return enough.reasonFor(b) != null;
  }

  private boolean stopsRunning(BatchRun b) {
    return enough.due().stream().anyMatch(d -> d.batch() == b && d.stopRunning());
  }

  private void cancel(BatchRun b, String reason) {
    Instant now = clock.instant();
    journal.append(b.cancel(reason, now));
    listener.on(
        new WaveEvent.BatchSettled(
            b.batch.batchId(), ExitStatus.CANCELLED.wireName(), b.attempts().size()));
    listener.info("batch " + b.batch.batchId() + " cancelled: " + reason);
    admission.settled(b);
  }
}
