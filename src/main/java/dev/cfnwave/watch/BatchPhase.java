package dev.cfnwave.watch;

import dev.cfnwave.render.RunHistory.AttemptHistory;
import dev.cfnwave.render.RunHistory.BatchHistory;

/**
 * Where a batch stands as another process sees it: a settled batch's outcome (success, failed,
 * oom_killed, timeout, rejected); in a running run, running, launching (memory reserved, not
 * launched yet) or waiting (for its first attempt or a retry); in a run that ended, the history's
 * not_started or interrupted.
 */
final class BatchPhase {

  static final String RUNNING = "running";
  static final String LAUNCHING = "launching";
  static final String WAITING = "waiting";

  private BatchPhase() {}

  static String of(BatchHistory batch, RunState state) {
    String status = batch.finalStatus();
    boolean unsettled = status.equals("interrupted") || status.equals("not_started");
    if (!unsettled || state != RunState.RUNNING) {
      return status;
    }
    AttemptHistory last = batch.last();
    if (last == null || last.endedAt() != null) {
      return WAITING;
    }
    return last.launchedAt() == null ? LAUNCHING : RUNNING;
  }

  static boolean isActive(String phase) {
    return phase.equals(RUNNING) || phase.equals(LAUNCHING);
  }
}
