package dev.cfnwave.cli;

import dev.cfnwave.report.RunReport;
import java.io.PrintStream;
import java.util.stream.Collectors;

/** The short human summary of a run on stderr: one row per batch, then the totals. */
final class SummaryTable {

  private SummaryTable() {}

  static void print(PrintStream err, RunReport report) {
    int width =
        Math.max(8, report.batches().stream().mapToInt(b -> b.batchId().length()).max().orElse(8));
    String row = "%-" + width + "s  %4s  %-11s  %8s  %s%n";
    StringBuilder table = new StringBuilder();
    table.append(String.format(row, "batch", "wave", "status", "attempts", "exit codes"));
    for (RunReport.BatchReport b : report.batches()) {
      String codes =
          b.attempts().stream()
              .map(a -> a.exitCode() == null ? "-" : a.exitCode().toString())
              .collect(Collectors.joining(","));
      table.append(
          String.format(
              row, b.batchId(), b.waveNumber(), b.finalStatus(), b.attempts().size(), codes));
    }
    RunReport.Metrics m = report.metrics();
    table.append(
        String.format(
            "run %s %s in %d s: %d batches, %d succeeded, %d failed, %d oom_killed, %d timeout, %d not started, %d interrupted; %d containers; peak memory reserved %s of %s%n",
            report.runId(),
            report.status(),
            report.durationSeconds(),
            m.batches(),
            m.succeeded(),
            m.failed(),
            m.oomKilled(),
            m.timeout(),
            m.notStarted(),
            m.interrupted(),
            m.attempts(),
            report.peakMemoryReserved(),
            report.memoryBudget()));
    synchronized (err) {
      err.print(table);
      err.flush();
    }
  }
}
