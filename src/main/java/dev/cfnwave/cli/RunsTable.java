package dev.cfnwave.cli;

import dev.cfnwave.watch.RunSummary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** runs' table on stderr: one row per run, newest first. */
final class RunsTable {

  private RunsTable() {}

  static void print(PrintStream err, Path runsDirectory, List<RunSummary> runs) {
    if (runs.isEmpty()) {
      err.println("no runs in " + runsDirectory);
      err.flush();
      return;
    }
    int width = Math.max(6, runs.stream().mapToInt(r -> r.runId().length()).max().orElse(6));
    String row = "%-" + width + "s  %-20s  %-10s  %-12s  %8s  %s%n";
    StringBuilder t = new StringBuilder();
    t.append(String.format(row, "run", "started", "state", "outcome", "duration", "batches"));
    for (RunSummary r : runs) {
      t.append(
          String.format(
              row,
              r.runId(),
              r.startedAt().replaceFirst("\\.\\d+Z$", "Z"),
              r.state(),
              r.outcome() == null ? "-" : r.outcome(),
              r.durationSeconds() == null ? "-" : r.durationSeconds() + " s",
              r.error() != null ? r.error() : batches(r)));
    }
    err.print(t);
    err.flush();
  }

  private static String batches(RunSummary r) {
    return r.batches().entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", "));
  }
}
