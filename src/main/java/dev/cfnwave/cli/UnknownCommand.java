package dev.cfnwave.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command line naming a command that does not exist ("cfn-wave validate --help"): picocli would
 * show the parent's help and exit 0, as if it existed. This says it is unknown, suggests the
 * closest commands, and the caller exits 2.
 */
final class UnknownCommand {

  private UnknownCommand() {}

  /**
   * The error line for the first word of the arguments that should name a command and does not, or
   * null. Only the command groups (cfn-wave, tiers, helpers, skill) are walked; their options are
   * all flags, so every word that is not an option names a command.
   */
  static String message(CommandLine root, String[] args) {
    CommandLine current = root;
    for (String arg : args) {
      if (arg.startsWith("-")) {
        continue;
      }
      Map<String, CommandLine> commands = current.getSubcommands();
      if (commands.isEmpty()) {
        return null;
      }
      CommandLine next = commands.get(arg);
      if (next == null) {
        return describe(current, arg);
      }
      current = next;
    }
    return null;
  }

  /** The error line for a word that names no command of the group, with the closest ones. */
  static String describe(CommandLine group, String word) {
    String name = group.getCommandSpec().qualifiedName();
    List<String> visible = new ArrayList<>();
    group
        .getSubcommands()
        .forEach(
            (command, sub) -> {
              if (!sub.getCommandSpec().usageMessage().hidden()) {
                visible.add(command);
              }
            });
    List<String> closest = closest(word, visible);
    String hint =
        visible.isEmpty()
            ? "; it has no subcommands"
            : closest.isEmpty()
                ? "; the commands are " + String.join(", ", visible)
                : "; did you mean "
                    + String.join(" or ", closest.stream().map(c -> "'" + c + "'").toList())
                    + "?";
    return name
        + ": error: unknown command '"
        + word.replaceAll("\\p{Cntrl}", "?")
        + "'"
        + hint
        + " (see "
        + name
        + " --help)";
  }

  /**
   * The text of a usage error for an unknown option ("unknown option '--wave-plna'; did you mean
   * '--wave-plan'?"), the closest of the command's visible option names suggested.
   */
  static String unknownOption(CommandSpec command, String arg) {
    String option = arg.split("=", 2)[0];
    List<String> names = new ArrayList<>();
    for (OptionSpec spec : command.options()) {
      if (!spec.hidden()) {
        for (String name : spec.names()) {
          names.add(name.replaceFirst("^-+", ""));
        }
      }
    }
    String typed = option.replaceFirst("^-+", "");
    if (typed.length() > 1) {
      names.removeIf(name -> name.length() == 1); // -h is no help for --hepl
    }
    List<String> closest = closest(typed, names);
    return "unknown option '"
        + option.replaceAll("\\p{Cntrl}", "?")
        + "'"
        + (closest.isEmpty()
            ? ""
            : "; did you mean "
                + String.join(
                    " or ",
                    closest.stream()
                        .map(c -> "'" + (c.length() == 1 ? "-" : "--") + c + "'")
                        .distinct()
                        .toList())
                + "?");
  }

  /**
   * The commands the word is likely a typing mistake for: those it begins, or that begin it, and
   * those fewest edits away (a swap of two neighbours is one edit), if few enough for its length.
   */
  static List<String> closest(String word, List<String> commands) {
    List<String> prefixed = new ArrayList<>();
    for (String command : commands) {
      if (word.length() >= 3 && (command.startsWith(word) || word.startsWith(command))) {
        prefixed.add(command);
      }
    }
    if (!prefixed.isEmpty()) {
      return prefixed;
    }
    int allowed = word.length() >= 5 ? 2 : 1;
    int best = Integer.MAX_VALUE;
    List<String> closest = new ArrayList<>();
    for (String command : commands) {
      int distance = distance(word, command);
      if (distance <= allowed && distance < best) {
        best = distance;
        closest.clear();
      }
      if (distance <= allowed && distance == best) {
        closest.add(command);
      }
    }
    return closest;
  }

  /** Edits (insert, delete, replace, swap two neighbours) from a to b. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
