package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.event.WaveEvent.Level;
import java.util.Map;

/**
 * How stderr is written: from which level, whether a status line is redrawn in place (only on a
 * terminal, never in CI or when quiet), in colour or not, and how wide the terminal is.
 *
 * <p>Java 21 cannot tell whether stderr is a terminal ({@code System.console()} looks at stdin and
 * stdout), so the launcher, bin/cfn-wave, tests {@code [ -t 2 ]} and sets CFN_STDERR_IS_TTY=1, with
 * the terminal's width in CFN_STDERR_COLUMNS.
 */
record ConsoleMode(Level threshold, boolean quiet, boolean live, boolean colour, int columns) {

  static final int DEFAULT_COLUMNS = 80;

  static ConsoleMode of(
      Map<String, String> environment, Level configured, boolean verbose, ConsoleOptions options) {
    if (options.quiet && verbose) {
      throw new InputException("--quiet and --verbose exclude each other");
    }
    Level threshold =
        verbose
            ? Level.DEBUG
            : options.quiet && configured.compareTo(Level.WARN) < 0 ? Level.WARN : configured;
    boolean terminal = isTerminal(environment);
    boolean colour =
        switch (options.color) {
          case "always" -> true;
          case "never" -> false;
          case "auto" -> autoColour(environment, terminal);
          default ->
              throw new InputException(
                  "--color " + options.color, "expected auto, always or never");
        };
    return new ConsoleMode(
        threshold, options.quiet, terminal && !options.quiet, colour, columns(environment));
  }

  /** What the launcher found, unless a CI system or a dumb terminal says otherwise. */
  static boolean isTerminal(Map<String, String> environment) {
    return "1".equals(environment.get("CFN_STDERR_IS_TTY"))
        && !isSet(environment, "CI")
        && !"dumb".equals(environment.get("TERM"));
  }

  /**
   * NO_COLOR (any value, no-color.org) wins; FORCE_COLOR or CLICOLOR_FORCE colour a non-terminal.
   */
  private static boolean autoColour(Map<String, String> environment, boolean terminal) {
    if (!environment.getOrDefault("NO_COLOR", "").isEmpty()) {
      return false;
    }
    return terminal || isSet(environment, "FORCE_COLOR") || isSet(environment, "CLICOLOR_FORCE");
  }

  /** Set to something other than empty, 0 or false. */
  private static boolean isSet(Map<String, String> environment, String name) {
    String value = environment.getOrDefault(name, "").trim();
    return !value.isEmpty() && !value.equals("0") && !value.equalsIgnoreCase("false");
  }

  private static int columns(Map<String, String> environment) {
    for (String name : new String[] {"CFN_STDERR_COLUMNS", "COLUMNS"}) {
      try {
        int columns = Integer.parseInt(environment.getOrDefault(name, "").trim());
        if (columns >= 20) {
          return columns;
        }
      } catch (NumberFormatException e) {
        // not a width: try the next
      }
    }
    return DEFAULT_COLUMNS;
  }
}
