package dev.cfnwave.run.admission;

import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.JournalEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan's {@code depends_on} among a run's batches: whether a batch may start (every batch it
 * depends on succeeded) and which never will (one of them ended without success: settled failed,
 * skipped or never started). Holds no state of its own: it reads the batches' states, so a resumed
 * run, whose batches were replayed from the journal, answers the same. A dependency on a batch that
 * is not in the run (another wave than --waves selected, or left out of a what-if) is not checked.
 */
public final class Dependencies {

  private final List<BatchRun> batches;
  private final Map<BatchRun, List<BatchRun>> dependsOn = new HashMap<>();
  private final List<String> outside = new ArrayList<>();

  private Dependencies(List<BatchRun> batches) {
    this.batches = List.copyOf(batches);
    Map<String, BatchRun> byId = new HashMap<>();
    batches.forEach(b -> byId.put(b.batch.batchId(), b));
    for (BatchRun b : batches) {
      List<BatchRun> found = new ArrayList<>();
      for (String id : b.batch.dependsOn()) {
        BatchRun target = byId.get(id);
        if (target == null) {
          outside.add(b.batch.batchId() + " depends on " + id);
        } else {
          found.add(target);
        }
      }
      if (!found.isEmpty()) {
        dependsOn.put(b, List.copyOf(found));
      }
    }
  }

  public static Dependencies of(List<BatchRun> batches) {
    return new Dependencies(batches);
  }

  /** Whether the run has any dependency among its batches. */
  public boolean any() {
    return !dependsOn.isEmpty();
  }

  /** "d depends on x" for each dependency on a batch that is not in the run. */
  public List<String> outsideTheRun() {
    return List.copyOf(outside);
  }

  /** Whether every batch it depends on (in the run) succeeded. */
  public boolean met(BatchRun b) {
    for (BatchRun d : dependsOn.getOrDefault(b, List.of())) {
      if (!d.isDone() || d.endedWithoutSuccess()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Skips every batch that has not started and depends on one that ended without success, and the
   * batches depending on those, transitively. One that depends on a cancelled batch (best-of-N) is
   * cancelled too, not skipped: the work it builds on was given up on purpose, nothing failed.
   *
   * @return the journal lines (batch_skipped, batch_cancelled) of the batches skipped or cancelled
   *     now, in plan order
   */
  public List<JournalEntry> skipBlocked(Instant at) {
    List<JournalEntry> lines = new ArrayList<>();
    boolean changed = !dependsOn.isEmpty();
    while (changed) {
      changed = false;
      for (BatchRun b : batches) {
        if (b.state() != BatchRun.State.PENDING || !b.attempts().isEmpty()) {
          continue;
        }
        for (BatchRun d : dependsOn.getOrDefault(b, List.of())) {
          if (d.state() == BatchRun.State.CANCELLED) {
            lines.add(b.cancel("dependency " + d.batch.batchId() + " was cancelled", at));
            changed = true;
            break;
          }
          if (d.endedWithoutSuccess()) {
            lines.add(b.skipForDependency(reason(d), at));
            changed = true;
            break;
          }
        }
      }
    }
    return lines;
  }

  /** "dependency a failed", with its outcome when that is not plainly failed. */
  static String reason(BatchRun dependency) {
    String outcome =
        switch (dependency.state()) {
          case SKIPPED -> "skipped";
          case NOT_STARTED -> "not_started";
          default -> dependency.finalStatus().wireName();
        };
    return "dependency "
        + dependency.batch.batchId()
        + " failed"
        + (outcome.equals("failed") ? "" : " (" + outcome + ")");
  }
}
