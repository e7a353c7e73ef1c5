package dev.cfnwave.cli;

import dev.cfnwave.event.WaveEvent.Level;

/** ANSI colours for stderr, or none: outcome words, levels and the dim timestamp. */
record Colours(boolean on) {

  static final Colours NONE = new Colours(false);

  private static final String RESET = "\033[0m";

  String green(String text) {
    return paint("\033[32m", text);
  }

  String red(String text) {
    return paint("\033[31m", text);
  }

  String yellow(String text) {
    return paint("\033[33m", text);
  }

  String dim(String text) {
    return paint("\033[2m", text);
  }

  /** An outcome word: success green, a failure red, one that did not start yellow. */
  String outcome(String word) {
    return switch (word) {
      case "success", "succeeded" -> green(word);
      case "failed", "oom_killed", "timeout", "rejected", "skipped", "tool_failure" -> red(word);
      case "not_started", "interrupted", "budget_spent" -> yellow(word);
      default -> word;
    };
  }

  String level(Level level, String label) {
    return switch (level) {
      case WARN -> yellow(label);
      case ERROR -> red(label);
      case DEBUG -> dim(label);
      case INFO -> label;
    };
  }

  private String paint(String code, String text) {
    return on ? code + text + RESET : text;
  }
}
