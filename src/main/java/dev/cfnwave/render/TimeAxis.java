package dev.cfnwave.render;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** The time axis of the HTML timeline: where an instant lies across the plot, and its ticks. */
final class TimeAxis {

  private final Instant from;
  private final double seconds;
  private final int left;
  private final int width;

  /**
   * From {@code from} to {@code to} (at least a second), across {@code width} pixels after {@code
   * left}.
   */
  TimeAxis(Instant from, Instant to, int left, int width) {
    this.from = from;
    this.seconds = Math.max(1000, Duration.between(from, to).toMillis()) / 1000.0;
    this.left = left;
    this.width = width;
  }

  /** Tick labels in seconds from the run's start, and grid lines down to {@code gridTo}. */
  String ticks(int labelY, int gridTo) {
    double[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400};
    double step = steps[steps.length - 1];
    for (double candidate : steps) {
      if (seconds / candidate <= 10) {
        step = candidate;
        break;
      }
    }
    StringBuilder s = new StringBuilder("<g class=\"axis\">");
    for (double t = 0; t <= seconds + 1e-9; t += step) {
      double x = left + t / seconds * width;
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\">%s</text>",
              x - 6,
              labelY,
              t >= 120 ? (long) (t / 60) + "m" : (long) t + "s"));
      if (gridTo > 0) {
        s.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>",
                x,
                x,
                labelY + 4,
                gridTo));
      }
    }
    return s.append("</g>\n").toString();
  }

  /** Where {@code t} lies across the plot, clamped to the run. */
  double x(Instant t) {
    double offset = Duration.between(from, t).toMillis() / 1000.0;
    return left + Math.max(0, Math.min(seconds, offset)) / seconds * width;
  }
}
