package dev.cfnwave.run;

import dev.cfnwave.plan.Batch;
import dev.cfnwave.report.ExitStatus;
import java.util.ArrayList;
import java.util.List;

/** A batch through the run: its attempts and where it stands. Owned by the orchestrator thread. */
final class BatchRun {

  enum State {
    /** Waiting for its first or next attempt (eligibleAtNanos says from when). */
    PENDING,
    LAUNCHING,
    RUNNING,
    /** Has its one final result. */
    SETTLED,
    /** Never started because the run stopped first. */
    NOT_STARTED
  }

  final Batch batch;
  final int waveNumber;
  final int order;
  final List<Attempt> attempts = new ArrayList<>();
  State state = State.PENDING;
  long eligibleAtNanos;
  Batch nextShape;

  BatchRun(Batch batch, int waveNumber, int order) {
    this.batch = batch;
    this.waveNumber = waveNumber;
    this.order = order;
    this.nextShape = batch;
  }

  Attempt current() {
    return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
  }

  /** The final outcome: the last attempt's status once settled. */
  ExitStatus finalStatus() {
    Attempt last = current();
    if (state != State.SETTLED || last == null) {
      return null;
    }
    return last.exitStatus != null ? last.exitStatus : ExitStatus.FAILED;
  }

  boolean isDone() {
    return state == State.SETTLED || state == State.NOT_STARTED;
  }
}
