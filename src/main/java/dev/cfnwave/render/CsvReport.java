package dev.cfnwave.render;

import dev.cfnwave.render.RunHistory.AttemptHistory;
import dev.cfnwave.render.RunHistory.BatchHistory;
import dev.cfnwave.report.AttemptOutput;
import dev.cfnwave.report.Json;
import dev.cfnwave.report.ResultFile;
import dev.cfnwave.report.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run as CSV for spreadsheets and notebooks: a record per attempt (a batch that never started
 * gets one without an attempt number), the fixed columns of {@link #COLUMNS}, then one {@code
 * usage.KEY} column per usage key any attempt reported.
 */
final class CsvReport {

  /** The columns every report has, in order; docs/reports.md describes each. */
  static final List<String> COLUMNS =
      List.of(
          "run_id",
          "batch_id",
          "wave",
          "batch_status",
          "attempt",
          "tier",
          "memory_limit_bytes",
          "status",
          "exit_code",
          "reason",
          "started_at",
          "ended_at",
          "duration_seconds",
          "peak_memory_bytes",
          "node",
          "image",
          "output_path",
          "output_bytes",
          "output_files",
          "result_status",
          "summary",
          "warnings",
          "log");

  static final String USAGE_PREFIX = "usage.";

  private final RunHistory run;

  CsvReport(RunHistory run) {
    this.run = run;
  }

  String render() {
    List<String> usageKeys = usageKeys(run);
    StringBuilder csv = new StringBuilder();
    List<String> header = new ArrayList<>(COLUMNS);
    usageKeys.forEach(k -> header.add(USAGE_PREFIX + k));
    csv.append(Csv.record(header));
    for (BatchHistory b : run.batches()) {
      if (b.attempts().isEmpty()) {
        csv.append(Csv.record(neverStarted(b, usageKeys.size())));
      }
      for (AttemptHistory a : b.attempts()) {
        csv.append(Csv.record(attempt(b, a, usageKeys)));
      }
    }
    return csv.toString();
  }

  /** input_tokens, output_tokens, cost_usd where reported, then the other keys sorted. */
  static List<String> usageKeys(RunHistory run) {
    Set<String> reported = new HashSet<>();
    run.batches().stream()
        .flatMap(b -> b.attempts().stream())
        .forEach(a -> reported.addAll(Usage.of(a.output()).keySet()));
    return Usage.orderedKeys(reported);
  }

  private List<String> neverStarted(BatchHistory b, int usageColumns) {
    List<String> row = new ArrayList<>();
    row.add(run.runId());
    row.add(b.batchId());
    row.add(String.valueOf(b.waveNumber()));
    row.add(b.finalStatus());
    while (row.size() < COLUMNS.size() + usageColumns) {
      row.add(null);
    }
    row.set(COLUMNS.indexOf("status"), b.finalStatus());
    row.set(COLUMNS.indexOf("reason"), b.reason());
    return row;
  }

  private List<String> attempt(BatchHistory b, AttemptHistory a, List<String> usageKeys) {
    Instant start = a.startedAt() != null ? a.startedAt() : a.launchedAt();
    Instant end = a.completedAt() != null ? a.completedAt() : a.endedAt();
    AttemptOutput output = a.output();
    ResultFile result = output == null ? null : output.result();
    List<String> row = new ArrayList<>();
    row.add(run.runId());
    row.add(b.batchId());
    row.add(String.valueOf(b.waveNumber()));
    row.add(b.finalStatus());
    row.add(String.valueOf(a.number()));
    row.add(text(a.tier()));
    row.add(a.memoryLimit() == null ? null : String.valueOf(a.memoryLimit().bytes()));
    row.add(a.outcome());
    row.add(text(a.exitCode()));
    row.add(a.error());
    row.add(Json.timestamp(start));
    row.add(Json.timestamp(end));
    row.add(start == null || end == null ? null : seconds(start, end));
    row.add(a.peakMemory() == null ? null : String.valueOf(a.peakMemory().bytes()));
    row.add(a.node());
    row.add(a.image());
    row.add(output == null ? null : output.path());
    row.add(output == null ? null : String.valueOf(output.bytes()));
    row.add(output == null ? null : String.valueOf(output.files()));
    row.add(result == null ? null : result.status());
    row.add(result == null ? null : result.summary());
    row.add(
        output == null || output.warnings().isEmpty()
            ? null
            : String.join("; ", output.warnings()));
    row.add(a.log() == null ? null : "logs/" + a.log().getFileName());
    Map<String, BigDecimal> usage = Usage.of(output);
    for (String key : usageKeys) {
      BigDecimal value = usage.get(key);
      row.add(value == null ? null : Usage.plain(value).toPlainString());
    }
    return row;
  }

  /** Whole seconds between the two timestamps as the row shows them (to the second). */
  private static String seconds(Instant start, Instant end) {
    Duration d =
        Duration.between(
            start.truncatedTo(ChronoUnit.SECONDS), end.truncatedTo(ChronoUnit.SECONDS));
    return String.valueOf(Math.max(0, d.toSeconds()));
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }
}
