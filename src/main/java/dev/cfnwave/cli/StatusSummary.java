package dev.cfnwave.cli;

import dev.cfnwave.render.Plural;
import dev.cfnwave.watch.LiveStatus;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** status's summary on stderr: the counts, the running attempts, the waiting and ended batches. */
final class StatusSummary {

  /** Ended batches' ids are listed up to this many per outcome, then only counted. */
  private static final int LISTED = 12;

  private StatusSummary() {}

  static void print(PrintStream err, LiveStatus s) {
    StringBuilder t = new StringBuilder();
    LiveStatus.Counts c = s.batches();
    t.append(
        String.format(
            "run %s (task %s) %s%s, %d s: %d of %s ended, %d running, %d waiting; %s%n",
            s.runId(),
            s.taskId(),
            s.state(),
            s.outcome() == null ? "" : " (" + s.outcome() + ")",
            s.elapsedSeconds(),
            c.ended(),
            Plural.of(c.total(), "batch"),
            c.running(),
            c.waiting(),
            s.retries() == 1 ? "1 retry" : s.retries() + " retries"));
    if (!s.running().isEmpty()) {
      int width =
          Math.max(8, s.running().stream().mapToInt(r -> r.batchId().length()).max().orElse(8));
      String row = "  %-" + width + "s  %4s  %7s  %-10s  %8s  %-8s  %s%n";
      t.append(
          String.format(row, "batch", "wave", "attempt", "phase", "since", "memory", "container"));
      for (LiveStatus.Running r : s.running()) {
        t.append(
            String.format(
                row,
                r.batchId(),
                r.wave(),
                r.attempt(),
                r.phase(),
                r.runningSeconds() + " s",
                r.memoryLimit() == null ? "-" : r.memoryLimit(),
                (r.attemptName() == null ? "-" : r.attemptName())
                    + (r.engineState() == null ? "" : " (engine: " + r.engineState() + ")")));
      }
    }
    if (!s.waiting().isEmpty()) {
      t.append("waiting: ")
          .append(
              s.waiting().stream()
                  .map(
                      w ->
                          w.batchId()
                              + (w.previous() == null
                                  ? ""
                                  : " (attempt "
                                      + w.nextAttempt()
                                      + " after "
                                      + w.previous()
                                      + ")"))
                  .collect(Collectors.joining(", ")))
          .append('\n');
    }
    if (!s.ended().isEmpty()) {
      t.append("ended: ").append(ended(s.ended())).append('\n');
    }
    LiveStatus.Memory m = s.memory();
    t.append("memory reserved ")
        .append(m.reserved())
        .append(" of ")
        .append(m.budget() == null ? "an unknown budget" : m.budget())
        .append('\n');
    LiveStatus.Eta eta = s.eta();
    t.append("eta: ")
        .append(
            eta.seconds() == null
                ? "unknown"
                : "about " + eta.seconds() + " s (" + eta.finishesAt() + ")")
        .append(
            eta.withoutEstimate() > 0
                ? ", leaving out "
                    + Plural.of(eta.withoutEstimate(), "batch")
                    + " without an estimate"
                : "")
        .append("; ")
        .append(eta.method())
        .append('\n');
    t.append("engine: ").append(s.engine().note()).append('\n');
    synchronized (err) {
      err.print(t);
      err.flush();
    }
  }

  private static String ended(Map<String, List<String>> ended) {
    return ended.entrySet().stream()
        .map(
            e ->
                e.getValue().size()
                    + " "
                    + e.getKey()
                    + (e.getValue().size() <= LISTED
                        ? " (" + String.join(", ", e.getValue()) + ")"
                        : ""))
        .collect(Collectors.joining(", "));
  }
}
