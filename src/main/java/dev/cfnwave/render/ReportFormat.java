package dev.cfnwave.render;

import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.render.RunHistory.AttemptHistory;
import dev.cfnwave.render.RunHistory.BatchHistory;
import dev.cfnwave.report.Json;
import dev.cfnwave.report.RunReport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** The reports a run folder gets, each rendered from the run's {@link RunHistory}. */
public enum ReportFormat {
  JUNIT("junit.xml"),
  MARKDOWN("summary.md"),
  HTML("report.html"),
  /** The run report (report.json's format), rebuilt from the journal. */
  JSON("report.json"),
  /** A record per attempt for spreadsheets and notebooks; never written into the run folder. */
  CSV("report.csv");

  private final String fileName;

  ReportFormat(String fileName) {
    this.fileName = fileName;
  }

  /** Its file in the run folder. */
  public String fileName() {
    return fileName;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public byte[] render(RunHistory run) {
    return switch (this) {
      case JUNIT -> {
        var out = new ByteArrayOutputStream();
        new JunitReport(run).write(out);
        yield out.toByteArray();
      }
      case MARKDOWN -> utf8(new MarkdownSummary(run).render());
      case HTML -> utf8(new HtmlTimeline(run).render());
      case JSON -> utf8(Json.write(runReport(run)));
      case CSV -> utf8(new CsvReport(run).render());
    };
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static RunReport runReport(RunHistory run) {
    List<BatchHistory> batches = run.batches();
    long peak = run.peakReserved();
    return new RunReport(
        run.runId(),
        run.taskId(),
        run.status(),
        run.schedule(),
        run.budget() == null ? null : run.budget().dockerForm(),
        peak == 0 ? "0" : new MemorySize(peak).dockerForm(),
        run.peakHeldByOthers() == 0 ? "0" : new MemorySize(run.peakHeldByOthers()).dockerForm(),
        Json.timestamp(run.startedAt()),
        Json.timestamp(run.finishedAt()),
        run.durationSeconds(),
        new RunReport.Metrics(
            batches.size(),
            count(batches, "success"),
            count(batches, "failed") + count(batches, "rejected"),
            count(batches, "oom_killed"),
            count(batches, "timeout"),
            count(batches, "not_started"),
            count(batches, RunHistory.SKIPPED),
            count(batches, "interrupted"),
            batches.stream().mapToInt(b -> b.attempts().size()).sum(),
            count(batches, RunHistory.CANCELLED)),
        batches.stream()
            .map(
                b ->
                    new RunReport.BatchReport(
                        b.batchId(),
                        b.waveNumber(),
                        b.finalStatus(),
                        b.reason(),
                        b.attempts().stream().map(ReportFormat::attempt).toList()))
            .toList());
  }

  private static RunReport.AttemptReport attempt(AttemptHistory a) {
    return new RunReport.AttemptReport(
        a.number(),
        a.name(),
        a.handle(),
        a.tier(),
        a.memoryLimit() == null ? null : a.memoryLimit().dockerForm(),
        a.image(),
        a.imageDigest(),
        Json.timestamp(a.startedAt()),
        Json.timestamp(a.completedAt()),
        a.exitCode(),
        a.exitStatus() == null ? null : a.exitStatus().wireName(),
        a.error(),
        a.node(),
        a.peakMemory() == null ? null : a.peakMemory().bytes(),
        a.output(),
        a.rule());
  }

  private static int count(List<BatchHistory> batches, String status) {
    return (int) batches.stream().filter(b -> b.finalStatus().equals(status)).count();
  }
}
