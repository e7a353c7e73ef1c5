package dev.cfnwave.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How often a plain stderr (CI, a file) gets a progress line. */
final class ProgressOptions {

  @InHelpGroup(HelpGroup.LOGS_AND_REPORTS)
  @Option(
      names = "--progress-interval",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description =
          "Without a terminal, a progress line this often and whenever a wave starts or ends;"
              + " a terminal gets a status line redrawn in place (default: ${DEFAULT-VALUE}).")
  Duration interval;
}
