package dev.cfnwave.render;

import dev.cfnwave.render.RunHistory.AttemptHistory;
import dev.cfnwave.render.RunHistory.BatchHistory;
import dev.cfnwave.report.AttemptOutput;
import dev.cfnwave.report.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run as one self-contained HTML page (no script, no network): an SVG timeline with one lane per
 * batch and one bar per attempt, split into waiting (queued or launching) and running and coloured
 * by outcome, waves separated; below it, the {@link MemoryChart}. Every bar has a tooltip with
 * batch, attempt, exit code, times (and peak memory when known). Last, when attempts had output
 * folders, a table of their results with links to the folders.
 */
public final class HtmlTimeline {

  private static final int WIDTH = 1100;
  private static final int LABELS = 220;
  private static final int LANE = 22;
  private static final int WAVE_HEADER = 22;
  private static final int AXIS = 24;
  private static final int PLOT = WIDTH - LABELS - 30;

  private final RunHistory run;
  private final Instant from;
  private final TimeAxis time;

  public HtmlTimeline(RunHistory run) {
    this.run = run;
    this.from = run.earliest();
    this.time = new TimeAxis(from, run.finishedAt(), LABELS, PLOT);
  }

  public String render() {
    StringBuilder h = new StringBuilder();
    long succeeded = run.batches().stream().filter(BatchHistory::succeeded).count();
    String title = "cfn-wave run " + run.runId() + ": " + run.status();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
        .append(" style-src 'unsafe-inline'\">\n<title>")
        .append(esc(title))
        .append("</title>\n<style>")
        .append("body{font:13px/1.4 system-ui,sans-serif;margin:16px;color:#222}")
        .append("h1{font-size:18px;margin:0 0 4px}p{margin:0 0 10px}")
        .append("svg text{font:11px system-ui,sans-serif;fill:#333}")
        .append(".legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;")
        .append("vertical-align:-2px}</style></head>\n<body>\n<h1>")
        .append(esc(title))
        .append("</h1>\n<p>")
        .append(run.taskId() == null ? "" : "Task " + esc(run.taskId()) + " &middot; ")
        .append(succeeded)
        .append(" of ")
        .append(Plural.of(run.batches().size(), "batch"))
        .append(" succeeded &middot; ")
        .append(esc(run.startedAt().toString()))
        .append(" to ")
        .append(esc(run.finishedAt().toString()))
        .append(" &middot; schedule ")
        .append(esc(run.schedule()))
        .append("</p>\n<p class=\"legend\">");
    for (String outcome : List.of("waiting", "success", "failed", "oom_killed", "timeout")) {
      h.append("<span style=\"background:").append(colour(outcome)).append("\"></span>");
      h.append(outcome);
    }
    h.append("<span style=\"background:").append(colour("interrupted")).append("\"></span>");
    h.append("interrupted or cancelled</p>\n");
    MemoryChart memory = new MemoryChart(run, time, from, WIDTH, LABELS);
    h.append(timeline()).append('\n').append(memory.legend()).append(memory.svg());
    h.append(results());
    h.append(rules());
    h.append("\n</body></html>\n");
    return h.toString();
  }

  private String timeline() {
    int waves = run.waveNumbers().size();
    int height = AXIS + waves * WAVE_HEADER + run.batches().size() * LANE + 4;
    StringBuilder s = new StringBuilder();
    s.append("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\">\n");
    s.append(time.ticks(AXIS - 8, height));
    int y = AXIS;
    for (int wave : run.waveNumbers()) {
      s.append("<g class=\"wave\" data-wave=\"").append(wave).append("\">");
      s.append("<line class=\"wave-separator\" x1=\"0\" x2=\"")
          .append(WIDTH)
          .append("\" y1=\"")
          .append(y + 0.5)
          .append("\" y2=\"")
          .append(y + 0.5)
          .append("\" stroke=\"#555\"/>");
      s.append("<text x=\"4\" y=\"").append(y + 15).append("\" font-weight=\"bold\">wave ");
      s.append(wave).append("</text></g>\n");
      y += WAVE_HEADER;
      for (BatchHistory b : run.wave(wave)) {
        s.append(lane(b, y));
        y += LANE;
      }
    }
    return s.append("</svg>").toString();
  }

  private String lane(BatchHistory b, int y) {
    StringBuilder s = new StringBuilder();
    s.append("<g class=\"lane\" data-batch=\"").append(esc(b.batchId())).append("\">");
    s.append("<text x=\"12\" y=\"").append(y + 15).append("\">");
    s.append(esc(shorten(b.batchId()))).append("</text>");
    for (AttemptHistory a : b.attempts()) {
      s.append(bar(b, a, y + 4));
    }
    if (b.skipped() || (b.cancelled() && b.attempts().isEmpty())) {
      s.append("<text class=\"skipped\" x=\"")
          .append(LABELS + 4)
          .append("\" y=\"")
          .append(y + 15)
          .append("\" font-style=\"italic\">")
          .append(b.finalStatus())
          .append(b.reason() == null ? "" : ": " + esc(b.reason()))
          .append("</text>");
    }
    return s.append("</g>\n").toString();
  }

  private String bar(BatchHistory b, AttemptHistory a, int y) {
    Instant waitFrom = a.queuedAt() != null ? a.queuedAt() : a.admittedAt();
    Instant runFrom = a.runningFrom();
    Instant end = a.releasedAt(run.finishedAt());
    String outcome = a.outcome();
    StringBuilder s = new StringBuilder();
    s.append("<g class=\"attempt\" data-attempt=\"").append(a.number());
    s.append("\" data-outcome=\"").append(outcome).append("\"><title>");
    s.append(esc(tooltip(b, a))).append("</title>");
    Instant waitEnd = runFrom != null ? runFrom : end;
    if (waitFrom != null && waitEnd != null) {
      s.append(rect("waiting", waitFrom, waitEnd, y, colour("waiting")));
    }
    if (runFrom != null && end != null) {
      s.append(rect("running", runFrom, end, y, colour(outcome)));
    }
    return s.append("</g>").toString();
  }

  private String rect(String kind, Instant start, Instant end, int y, String fill) {
    double x1 = time.x(start);
    double w = Math.max(2, time.x(end) - x1);
    return String.format(
        Locale.ROOT,
        "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
        kind,
        x1,
        y,
        w,
        LANE - 8,
        fill);
  }

  private String tooltip(BatchHistory b, AttemptHistory a) {
    StringBuilder t = new StringBuilder();
    t.append(b.batchId()).append(", attempt ").append(a.number()).append(": ").append(a.outcome());
    if (a.exitCode() != null) {
      t.append(", exit code ").append(a.exitCode());
    }
    t.append("\nqueued ").append(Describe.time(a.queuedAt()));
    t.append("\nadmitted ").append(Describe.time(a.admittedAt()));
    t.append("\nlaunched ").append(Describe.time(a.launchedAt()));
    t.append("\nstarted ").append(Describe.time(a.startedAt()));
    t.append("\ncompleted ").append(Describe.time(a.completedAt()));
    if (a.memoryLimit() != null) {
      t.append("\nmemory limit ").append(a.memoryLimit().dockerForm());
      if (a.tier() != null) {
        t.append(" (tier ").append(a.tier()).append(')');
      }
    }
    if (a.peakMemory() != null) {
      t.append("\npeak memory ").append(a.peakMemory().humanForm());
    }
    if (a.error() != null) {
      t.append("\n").append(a.error());
    }
    if (a.rule() != null) {
      t.append("\n").append(a.rule().describe());
    }
    return t.toString();
  }

  /**
   * A table of every attempt with an output folder: outcome, summary, usage, a link to its folder
   * (relative to the run folder, where report.html is), warnings; empty when none had one.
   */
  private String results() {
    if (!Outputs.any(run)) {
      return "";
    }
    StringBuilder s = new StringBuilder("\n<h2 style=\"font-size:15px\">Results</h2>\n");
    Map<String, BigDecimal> total = Outputs.usage(run);
    if (!total.isEmpty()) {
      s.append("<p>Usage in all: ").append(esc(Usage.describe(total))).append("</p>\n");
    }
    s.append("<table id=\"results\" style=\"border-collapse:collapse\" cellpadding=\"3\">")
        .append("<tr><th align=\"left\">batch</th><th>attempt</th><th align=\"left\">outcome</th>")
        .append("<th align=\"left\">summary</th><th align=\"left\">usage</th>")
        .append("<th align=\"left\">output folder</th></tr>\n");
    for (BatchHistory b : run.batches()) {
      for (AttemptHistory a : b.attempts()) {
        AttemptOutput o = a.output();
        if (o == null) {
          continue;
        }
        s.append("<tr class=\"result\" data-batch=\"").append(esc(b.batchId())).append("\"><td>");
        s.append(esc(b.batchId())).append("</td><td align=\"right\">").append(a.number());
        s.append("</td><td>").append(esc(a.outcome())).append("</td><td>");
        s.append(a.summary() == null ? "" : esc(a.summary()));
        for (String warning : o.warnings()) {
          s.append("<br><em>warning: ").append(esc(warning)).append("</em>");
        }
        s.append("</td><td>").append(esc(Usage.describe(Usage.of(o)))).append("</td><td>");
        s.append("<a href=\"").append(esc(o.path())).append("/\">").append(esc(o.path()));
        s.append("</a> (").append(esc(Outputs.folder(a).substring(o.path().length() + 2)));
        s.append(")</td></tr>\n");
      }
    }
    return s.append("</table>\n").toString();
  }

  /**
   * A list of the failure rules that fired (--retry-on exit:N, --fail-fast-on-log), by batch and
   * attempt; empty when none did.
   */
  private String rules() {
    StringBuilder s = new StringBuilder();
    for (BatchHistory b : run.batches()) {
      for (AttemptHistory a : b.attempts()) {
        if (a.rule() != null) {
          s.append("<li class=\"rule\" data-batch=\"").append(esc(b.batchId())).append("\">");
          s.append(esc(b.batchId())).append(", attempt ").append(a.number()).append(": ");
          s.append(esc(a.rule().describe()));
          s.append(a.rule().stopsRetries() ? ": not retried" : "").append("</li>\n");
        }
      }
    }
    return s.isEmpty()
        ? ""
        : "\n<h2 style=\"font-size:15px\">Failure rules</h2>\n<ul id=\"rules\">\n" + s + "</ul>\n";
  }

  private static String shorten(String id) {
    return id.length() <= 30 ? id : id.substring(0, 29) + "…";
  }

  static String colour(String outcome) {
    return switch (outcome) {
      case "waiting" -> "#cfd8dc";
      case "success" -> "#2e7d32";
      case "failed" -> "#c62828";
      case "oom_killed" -> "#6a1b9a";
      case "timeout" -> "#ef6c00";
      default -> "#757575";
    };
  }

  /** Text and attribute values from the plan, the journal or a log: HTML-escaped. */
  static String esc(String value) {
    return MarkdownSummary.html(value).replace("'", "&#39;");
  }
}
