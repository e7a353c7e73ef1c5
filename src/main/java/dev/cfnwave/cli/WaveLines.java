package dev.cfnwave.cli;

import dev.cfnwave.event.WaveEvent;

/** The log lines of a wave starting and ending. */
final class WaveLines {

  private WaveLines() {}

  static String started(WaveEvent.WaveStarted e) {
    return "wave " + e.waveNumber() + " started (" + batches(e.batches()) + ")";
  }

  static String ended(WaveEvent.WaveEnded e, Colours colours) {
    StringBuilder line =
        new StringBuilder("wave ")
            .append(e.waveNumber())
            .append(" ended: ")
            .append(e.succeeded())
            .append(' ')
            .append(e.succeeded() > 0 ? colours.outcome("succeeded") : "succeeded")
            .append(", ")
            .append(e.failed())
            .append(' ')
            .append(e.failed() > 0 ? colours.outcome("failed") : "failed");
    if (e.skipped() > 0) {
      line.append(", ").append(e.skipped()).append(' ').append(colours.outcome("skipped"));
    }
    if (e.cancelled() > 0) {
      line.append(", ").append(e.cancelled()).append(' ').append(colours.outcome("cancelled"));
    }
    if (e.notStarted() > 0) {
      line.append(", ").append(e.notStarted()).append(' ').append(colours.yellow("not started"));
    }
    String spend = ProgressText.spend(e.spend());
    if (!spend.isEmpty()) {
      line.append("; ").append(spend);
    }
    return line.toString();
  }

  private static String batches(int count) {
    return count + (count == 1 ? " batch" : " batches");
  }
}
