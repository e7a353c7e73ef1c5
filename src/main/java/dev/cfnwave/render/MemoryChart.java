package dev.cfnwave.render;

import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.render.RunHistory.MemoryStep;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * report.html's memory chart: the memory reserved over time as a step line (and the measured peaks
 * added up, once there are any), scaled to what the run used, with a labelled vertical axis. The
 * budget is a dashed line when the run used a fair part of it; else the chart would be a flat line
 * under it, so the budget is said in the legend instead. The legend is HTML above the chart, where
 * its text flows and cannot print over itself.
 */
final class MemoryChart {

  private static final int BASE = 150;
  private static final int TOP = 14;
  private static final int HEIGHT = BASE + 24;

  /** The budget is drawn when the run used at least a quarter of it. */
  private static final int BUDGET_RANGE = 4;

  private static final String RESERVED = "#1565c0";
  private static final String MEASURED = "#00897b";
  private static final String BUDGET = "#c62828";

  private final RunHistory run;
  private final TimeAxis time;
  private final Instant from;
  private final int width;
  private final int left;
  private final List<MemoryStep> reserved;
  private final List<MemoryStep> measured;
  private final long used;
  private final long budget;
  private final boolean budgetDrawn;
  private final long step;
  private final long top;

  MemoryChart(RunHistory run, TimeAxis time, Instant from, int width, int left) {
    this.run = run;
    this.time = time;
    this.from = from;
    this.width = width;
    this.left = left;
    this.reserved = run.reservedSteps();
    this.measured = run.measuredSteps();
    this.used = Math.max(peak(reserved), peak(measured));
    this.budget = run.budget() == null ? 0 : run.budget().bytes();
    this.budgetDrawn = budget > 0 && (used == 0 || budget / BUDGET_RANGE <= used);
    long scaleTo = Math.max(used, budgetDrawn ? budget : 0);
    this.step = step(scaleTo);
    this.top = Math.max(step, (scaleTo + step - 1) / step * step);
  }

  /**
   * The step between the axis labels: a power of two (so that they read 256MB, 512MB, 768MB, 1GB),
   * at most four of them up to the top.
   */
  static long step(long scaleTo) {
    long step = 1024;
    while (step * 4 < scaleTo) {
      step *= 2;
    }
    return step;
  }

  String legend() {
    StringBuilder p = new StringBuilder("<p class=\"legend\" id=\"memory-legend\"><b>Memory</b>");
    p.append(key(RESERVED)).append("reserved (peak ").append(size(peak(reserved))).append(')');
    if (!measured.isEmpty()) {
      p.append(key(MEASURED)).append("measured peaks, added up (peak ");
      p.append(size(peak(measured))).append(')');
    }
    if (budget > 0) {
      p.append("<span style=\"background:none;height:0;border-top:2px dashed ")
          .append(BUDGET)
          .append(";vertical-align:3px\"></span>budget ")
          .append(run.budget().humanForm());
      if (!budgetDrawn) {
        p.append(", off the chart: the run reserved at most ")
            .append(percentOfBudget())
            .append(" of it");
      }
    }
    return p.append("</p>\n").toString();
  }

  String svg() {
    StringBuilder s = new StringBuilder();
    s.append("<svg id=\"memory\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(HEIGHT)
        .append("\">\n<g class=\"y-axis\">");
    for (long v = step; v <= top; v += step) {
      double y = y(v);
      s.append(line(y, "#eee", null));
      s.append(
          String.format(
              Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", left - 8, y + 4));
      s.append(size(v)).append("</text>");
    }
    s.append("</g>\n");
    s.append(stepLine("reserved", reserved, RESERVED));
    if (!measured.isEmpty()) {
      s.append(stepLine("measured", measured, MEASURED));
    }
    if (budgetDrawn) {
      double y = y(budget);
      s.append(line(y, BUDGET, "budget"));
      // Above the line, or below it when the line runs along the top.
      double labelY = y - 4 < TOP ? y + 13 : y - 4;
      s.append(
          String.format(
              Locale.ROOT,
              "<text class=\"budget\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"%s\">",
              width - 10,
              labelY,
              BUDGET));
      s.append("budget ").append(run.budget().humanForm()).append("</text>\n");
    }
    s.append(line(BASE, "#999", null)).append('\n');
    s.append(time.ticks(BASE + 16, 0));
    return s.append("</svg>").toString();
  }

  private double y(long bytes) {
    return BASE - bytes * (double) (BASE - TOP) / top;
  }

  private String line(double y, String colour, String kind) {
    return String.format(
        Locale.ROOT,
        "<line%s x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>",
        kind == null ? "" : " class=\"" + kind + "\"",
        left,
        width - 10,
        y,
        y,
        colour,
        kind == null ? "" : " stroke-dasharray=\"6 4\"");
  }

  private String stepLine(String kind, List<MemoryStep> steps, String colour) {
    StringBuilder path = new StringBuilder();
    path.append(String.format(Locale.ROOT, "M%.1f %d", time.x(from), BASE));
    double lastY = BASE;
    for (MemoryStep change : steps) {
      double x = time.x(change.at());
      double y = y(change.reservedBytes());
      path.append(String.format(Locale.ROOT, " L%.1f %.1f L%.1f %.1f", x, lastY, x, y));
      lastY = y;
    }
    path.append(String.format(Locale.ROOT, " L%.1f %.1f", time.x(run.finishedAt()), lastY));
    return "<path class=\""
        + kind
        + "\" d=\""
        + path
        + "\" fill=\"none\" stroke=\""
        + colour
        + "\" stroke-width=\"2\"/>\n";
  }

  private String percentOfBudget() {
    long percent = Math.round(used * 100.0 / budget);
    return percent < 1 ? "under 1%" : percent + "%";
  }

  private static String key(String colour) {
    return "<span style=\"background:" + colour + "\"></span>";
  }

  private static long peak(List<MemoryStep> steps) {
    return steps.stream().mapToLong(MemoryStep::reservedBytes).max().orElse(0);
  }

  private static String size(long bytes) {
    return bytes <= 0 ? "0" : new MemorySize(bytes).humanForm();
  }
}
