package dev.cfnwave.report;

import java.util.List;

/** cleanup's output, as the spec's cleanup report format has it. */
public record CleanupReport(
    String cleanupAt,
    int containersRemoved,
    int logsPreserved,
    int volumesCleaned,
    List<String> errors,
    String summary) {

  public CleanupReport {
    errors = List.copyOf(errors);
  }
}
