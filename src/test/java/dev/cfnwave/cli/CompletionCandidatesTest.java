package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The shell completion (ReleaseDocs writes it from this model) offers values as users type them, in
 * lower case, and only values the command takes.
 */
class CompletionCandidatesTest {

  private static CommandLine model() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    return Main.commandLine(sink, sink, Map.of());
  }

  private static List<CommandLine> commands(CommandLine root) {
    List<CommandLine> all = new ArrayList<>(List.of(root));
    for (CommandLine sub : root.getSubcommands().values()) {
      all.addAll(commands(sub));
    }
    return all;
  }

  /** The subcommand names from the top down to this command. */
  private static List<String> path(CommandLine command) {
    List<String> names = new ArrayList<>();
    for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
      names.add(0, c.getCommandName());
    }
    return names;
  }

  @Test
  void theBashScriptOffersLowerCaseValues() {
    String bash = AutoComplete.bash("cfn-wave", model());

    assertThat(bash)
        .contains("(\"waves\" \"continuous\") # --schedule values")
        .contains("(\"junit\" \"markdown\" \"html\" \"json\" \"csv\") # --format values")
        .contains("(\"failed\" \"oom_killed\" \"timeout\") # --retry-on values");
    Matcher lists = Pattern.compile("_option_args=\\(([^)]*)\\)").matcher(bash);
    while (lists.find()) {
      assertThat(lists.group(1)).as(lists.group()).isEqualTo(lists.group(1).toLowerCase());
    }
  }

  @Test
  void everyCandidateOfEveryOptionIsAValueTheCommandTakes() {
    int offered = 0;
    for (CommandLine command : commands(model())) {
      for (OptionSpec option : command.getCommandSpec().options()) {
        if (option.completionCandidates() == null) {
          continue;
        }
        for (String candidate : option.completionCandidates()) {
          String where = command.getCommandName() + " " + option.longestName() + " " + candidate;
          assertThat(candidate).as(where).isLowerCase();
          List<String> args = new ArrayList<>(path(command));
          args.addAll(List.of(option.longestName(), candidate));
          try {
            model().parseArgs(args.toArray(String[]::new));
          } catch (CommandLine.MissingParameterException e) {
            // the value was taken; the command wants its other arguments too
          } catch (CommandLine.ParameterException e) {
            throw new AssertionError(where + ": " + e.getMessage(), e);
          }
          offered++;
        }
      }
    }
    assertThat(offered).isGreaterThanOrEqualTo(9);
  }
}
