package dev.cfnwave.watch;

import dev.cfnwave.run.admission.Estimates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a running run should finish: the expected seconds its running attempts have left and its
 * waiting batches need, shared by as many attempts as run now (at least one), and no sooner than
 * the running attempt with the most left. Batches without an estimate are left out and counted; a
 * batch that runs longer than expected has none left. A rough guide: it knows nothing of retries,
 * waves still to open or memory that frees up.
 */
final class RunEta {

  static final String METHOD =
      "the expected seconds left of the running attempts and the waiting batches, shared by the"
          + " attempts running now, no sooner than the longest running one";

  private RunEta() {}

  static LiveStatus.Eta of(
      RunState state,
      List<LiveStatus.Running> running,
      List<LiveStatus.Waiting> waiting,
      Estimates estimates,
      Instant now) {
    if (state != RunState.RUNNING) {
      return new LiveStatus.Eta(null, null, "the run is " + state.wireName(), 0);
    }
    long total = 0;
    long longest = 0;
    int unknown = 0;
    int known = 0;
    for (LiveStatus.Running r : running) {
      if (r.expectedSeconds() == null) {
        unknown++;
        continue;
      }
      long left = Math.max(0, r.expectedSeconds() - r.runningSeconds());
      total += left;
      longest = Math.max(longest, left);
      known++;
    }
    for (LiveStatus.Waiting w : waiting) {
      Duration expected = estimates.byBatchId().get(w.batchId());
      if (expected == null) {
        unknown++;
        continue;
      }
      total += expected.toSeconds();
      known++;
    }
    String source = estimates.summary() == null ? "" : " (" + estimates.summary() + ")";
    if (known == 0) {
      return new LiveStatus.Eta(
          null,
          null,
          running.isEmpty() && waiting.isEmpty()
              ? "nothing left to run"
              : "no estimates: the plan has no expected_seconds for these batches and no earlier"
                  + " run of this task in its runs folder ran them"
                  + source,
          unknown);
    }
    long seconds = Math.max(longest, Math.ceilDiv(total, Math.max(1, running.size())));
    return new LiveStatus.Eta(
        seconds, now.plusSeconds(seconds).toString(), METHOD + source, unknown);
  }
}
