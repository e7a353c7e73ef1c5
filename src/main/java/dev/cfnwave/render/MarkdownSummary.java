package dev.cfnwave.render;

import dev.cfnwave.render.RunHistory.AttemptHistory;
import dev.cfnwave.render.RunHistory.BatchHistory;
import dev.cfnwave.report.Usage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run as Markdown for a CI job page (GitHub's job summary): the status line first, a table per
 * wave, the results (summary and usage) of batches with an output folder, then each batch that did
 * not succeed with its attempts and its log's tail inside {@code <details>}. Never longer than
 * {@link #MAX_BYTES}: GitHub drops a summary over 1 MiB whole, so failed batches that would not fit
 * are counted instead of shown.
 */
public final class MarkdownSummary {

  static final int MAX_BYTES = 900 * 1024;
  static final int LOG_TAIL_BYTES = 16 * 1024;
  private static final String TOOL_FAILURE = "tool_failure";
  private static final String BUDGET_SPENT = "budget_spent";
  private static final Pattern BACKTICKS = Pattern.compile("`+");

  private final RunHistory run;

  public MarkdownSummary(RunHistory run) {
    this.run = run;
  }

  public String render() {
    StringBuilder md = new StringBuilder();
    List<BatchHistory> all = run.batches();
    long succeeded = all.stream().filter(BatchHistory::succeeded).count();
    long attempts = all.stream().mapToLong(b -> b.attempts().size()).sum();
    md.append("### ")
        .append(run.status().equals("succeeded") ? "✅" : "❌")
        .append(" cfn-wave run ")
        .append(MarkdownText.inline(run.runId()))
        .append(": ")
        .append(run.status())
        .append(", ")
        .append(succeeded)
        .append(" of ")
        .append(Plural.of(all.size(), "batch"))
        .append(" succeeded\n\n");
    md.append(run.taskId() == null ? "" : "Task " + MarkdownText.inline(run.taskId()) + ", ")
        .append(Plural.of(attempts, "attempt"))
        .append(" in ")
        .append(run.durationSeconds())
        .append(" s")
        .append(run.budget() == null ? "" : ", memory budget " + run.budget().humanForm())
        .append(", peak reserved ")
        .append(Describe.size(run.peakReserved()))
        .append(".\n\n");
    if (run.status().equals(TOOL_FAILURE)) {
      md.append(
              "The tool could not go on (its run folder could not be written, or the engine"
                  + " stopped answering): the run is resumable with `cfn-wave run --resume ")
          .append(html(run.runId()))
          .append("`.\n\n");
    }
    if (run.status().equals(BUDGET_SPENT)) {
      md.append(
              "The spend budget was reached: no new attempt started after it, running ones"
                  + " finished, batches not started are skipped. A higher limit goes on:"
                  + " `cfn-wave run --resume ")
          .append(html(run.runId()))
          .append(" --max-cost USD`.\n\n");
    }
    md.append(
        "| wave | batches | succeeded | failed | oom_killed | timeout | skipped | cancelled |"
            + " not run | attempts |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int wave : run.waveNumbers()) {
      List<BatchHistory> batches = run.wave(wave);
      md.append("| ")
          .append(wave)
          .append(" | ")
          .append(batches.size())
          .append(" | ")
          .append(count(batches, "success"))
          .append(" | ")
          .append(count(batches, "failed"))
          .append(" | ")
          .append(count(batches, "oom_killed"))
          .append(" | ")
          .append(count(batches, "timeout"))
          .append(" | ")
          .append(count(batches, RunHistory.SKIPPED))
          .append(" | ")
          .append(count(batches, RunHistory.CANCELLED))
          .append(" | ")
          .append(count(batches, "not_started") + count(batches, "interrupted"))
          .append(" | ")
          .append(batches.stream().mapToLong(b -> b.attempts().size()).sum())
          .append(" |\n");
    }
    List<BatchHistory> failed = all.stream().filter(b -> !b.succeeded()).toList();
    md.append(results());
    if (failed.isEmpty()) {
      return md.toString();
    }
    md.append("\n#### Batches that did not succeed\n\n");
    int left = failed.size();
    String notShown = "\n%d more not shown: the summary stays under 900 KB; see junit.xml.\n";
    for (BatchHistory b : failed) {
      String section = section(b);
      if (bytes(md) + bytes(section) + bytes(notShown) + 16 > MAX_BYTES) {
        md.append(String.format(notShown, left));
        break;
      }
      md.append(section);
      left--;
    }
    return md.toString();
  }

  /**
   * The last attempt of each batch that had an output folder: its summary, usage and warnings, and
   * the run's usage in all; nothing when no attempt had a folder. Rows stop at a quarter of the
   * size cap.
   */
  private String results() {
    if (!Outputs.any(run)) {
      return "";
    }
    StringBuilder s = new StringBuilder("\n#### Results\n\n");
    Map<String, BigDecimal> total = Outputs.usage(run);
    if (!total.isEmpty()) {
      s.append("Usage in all: ").append(MarkdownText.inline(Usage.describe(total))).append(".\n\n");
    }
    s.append("| Batch | Status | Summary | Usage | Output |\n|---|---|---|---|---|\n");
    for (BatchHistory b : run.batches()) {
      AttemptHistory last = b.last();
      if (last == null || last.output() == null) {
        continue;
      }
      String summary = last.summary() == null ? "" : last.summary();
      if (!last.output().warnings().isEmpty()) {
        summary +=
            (summary.isEmpty() ? "" : " ") + "⚠ " + String.join("; ", last.output().warnings());
      }
      String row =
          "| "
              + cell(b.batchId())
              + " | "
              + b.finalStatus()
              + " | "
              + cell(summary)
              + " | "
              + cell(Usage.describe(Outputs.usage(b)))
              + " | "
              + cell(Outputs.folder(last))
              + " |\n";
      if (bytes(s) + bytes(row) > MAX_BYTES / 4) {
        s.append("\nMore results in report.json.\n");
        break;
      }
      s.append(row);
    }
    return s.toString();
  }

  private static String cell(String text) {
    return MarkdownText.inline(text).replace("|", "\\|");
  }

  private String section(BatchHistory b) {
    StringBuilder s = new StringBuilder("<details><summary>");
    s.append(html(b.batchId()))
        .append(" (wave ")
        .append(b.waveNumber())
        .append("): ")
        .append(b.finalStatus())
        .append(", ")
        .append(Plural.of(b.attempts().size(), "attempt"))
        .append("</summary>\n\n");
    if (b.reason() != null) {
      s.append(MarkdownText.inline(b.reason())).append('\n');
    }
    for (AttemptHistory a : b.attempts()) {
      s.append("- ")
          .append(MarkdownText.inline(Describe.attempt(a, run.finishedAt())))
          .append('\n');
      for (String line : Outputs.lines(a)) {
        s.append("  - ").append(MarkdownText.inline(line)).append('\n');
      }
    }
    AttemptHistory last = b.last();
    if (last != null && last.log() != null) {
      String tail = LogTail.of(last.log(), LOG_TAIL_BYTES);
      String fence = "`".repeat(Math.max(3, longestBacktickRun(tail) + 1));
      s.append("\n").append(fence).append("text\n").append(tail);
      if (!tail.endsWith("\n")) {
        s.append('\n');
      }
      s.append(fence).append('\n');
    }
    return s.append("\n</details>\n\n").toString();
  }

  private static long count(List<BatchHistory> batches, String status) {
    return batches.stream().filter(b -> b.finalStatus().equals(status)).count();
  }

  private static int longestBacktickRun(String text) {
    int longest = 0;
    Matcher m = BACKTICKS.matcher(text);
    while (m.find()) {
      longest = Math.max(longest, m.group().length());
    }
    return longest;
  }

  private static int bytes(CharSequence text) {
    return text.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  static String html(String value) {
    return LogTail.clean(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
