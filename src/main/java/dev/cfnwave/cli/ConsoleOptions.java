package dev.cfnwave.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** How much goes to stderr, and in colour or not: --quiet and --color. */
final class ConsoleOptions {

  @InHelpGroup(HelpGroup.LOGS_AND_REPORTS)
  @Option(
      names = {"-q", "--quiet"},
      description =
          "Only warnings and errors on stderr: no progress, no info lines, no summary table"
              + " (stdout is unchanged).")
  boolean quiet;

  @InHelpGroup(HelpGroup.LOGS_AND_REPORTS)
  @Option(
      names = "--color",
      paramLabel = "WHEN",
      completionCandidates = ColorWhen.class,
      description =
          "Colour on stderr: auto (on a terminal, unless NO_COLOR is set; FORCE_COLOR or"
              + " CLICOLOR_FORCE turn it on elsewhere), always or never (default: auto).")
  String color = "auto";

  /** The values of --color, for completion. */
  static final class ColorWhen extends java.util.ArrayList<String> {
    ColorWhen() {
      super(List.of("auto", "always", "never"));
    }
  }
}
