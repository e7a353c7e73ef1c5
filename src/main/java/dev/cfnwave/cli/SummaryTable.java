package dev.cfnwave.cli;

import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.render.Plural;
import dev.cfnwave.report.AttemptOutput;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.report.Usage;
import java.io.PrintStream;
import java.util.stream.Collectors;

/**
 * The short human summary of a run on stderr: one row per batch, each summary a batch's result file
 * gave, the usage they reported in all, then the totals.
 */
final class SummaryTable {

  private SummaryTable() {}

  static void print(PrintStream err, RunReport report) {
    print(err, report, Colours.NONE);
  }

  /** With each batch's status and the run's in colour when {@code colours} are on. */
  static void print(PrintStream err, RunReport report, Colours colours) {
    int width =
        Math.max(8, report.batches().stream().mapToInt(b -> b.batchId().length()).max().orElse(8));
    String row = "%-" + width + "s  %4s  %s  %8s  %s%n";
    StringBuilder table = new StringBuilder();
    table.append(String.format(row, "batch", "wave", padded("status"), "attempts", "exit codes"));
    for (RunReport.BatchReport b : report.batches()) {
      String codes =
          b.attempts().stream()
              .map(a -> a.exitCode() == null ? "-" : a.exitCode().toString())
              .collect(Collectors.joining(","));
      if (b.reason() != null) {
        codes = b.attempts().isEmpty() ? b.reason() : codes + " (" + b.reason() + ")";
      }
      table.append(
          String.format(
              row,
              b.batchId(),
              b.waveNumber(),
              colours.outcome(b.finalStatus())
                  + " ".repeat(11 - Math.min(11, b.finalStatus().length())),
              b.attempts().size(),
              codes));
    }
    for (RunReport.BatchReport b : report.batches()) {
      RunReport.AttemptReport last = b.attempts().isEmpty() ? null : b.attempts().getLast();
      AttemptOutput output = last == null ? null : last.output();
      if (output != null && output.summary() != null) {
        table.append(String.format("%-" + width + "s  %s%n", b.batchId(), output.summary()));
      }
    }
    if (!report.usage().isEmpty()) {
      table.append("usage: ").append(Usage.describe(report.usage())).append('\n');
    }
    RunReport.Metrics m = report.metrics();
    table.append(
        String.format(
            "run %s %s in %d s: %s, %d succeeded, %d failed, %d oom_killed, %d timeout, %d not started, %d skipped, %d cancelled, %d interrupted; %s; peak memory reserved %s of %s%n",
            report.runId(),
            colours.outcome(report.status()),
            report.durationSeconds(),
            Plural.of(m.batches(), "batch"),
            m.succeeded(),
            m.failed(),
            m.oomKilled(),
            m.timeout(),
            m.notStarted(),
            m.skipped(),
            m.cancelled(),
            m.interrupted(),
            Plural.of(m.attempts(), "container"),
            human(report.peakMemoryReserved()),
            human(report.memoryBudget())));
    synchronized (err) {
      err.print(table);
      err.flush();
    }
  }

  private static String padded(String text) {
    return String.format("%-11s", text);
  }

  /** A report's size (Docker form, exact) as people read amounts: 21694m is 21.2GB. */
  private static String human(String size) {
    if (size == null || size.equals("0")) {
      return size == null ? "-" : "0";
    }
    try {
      return MemorySize.parse(size).humanForm();
    } catch (IllegalArgumentException e) {
      return size;
    }
  }
}
