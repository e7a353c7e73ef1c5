package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's --help ends with 2 to 4 examples, and each example is a command line the command
 * model takes: its command, options that exist and values they accept.
 */
class ExamplesTest {

  @Test
  void everyCommandHasTwoToFourExamplesInItsHelp() {
    for (CommandLine command : HelpWrappingTest.everyCommand(Map.of())) {
      String name = command.getCommandSpec().qualifiedName();
      if (command.getCommandSpec().usageMessage().hidden()) {
        continue;
      }
      assertThat(Examples.of(name)).as(name + ": add its case to Examples.of").hasSizeBetween(2, 4);
      String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
      assertThat(help).as(name).contains("\nExamples:\n");
      for (Examples.Example example : Examples.of(name)) {
        assertThat(help).as(name).contains("  # " + example.what() + "\n");
      }
    }
  }

  @Test
  void everyExampleParses() {
    int parsed = 0;
    for (CommandLine command : HelpWrappingTest.everyCommand(Map.of())) {
      String name = command.getCommandSpec().qualifiedName();
      for (Examples.Example example : Examples.of(name)) {
        List<String> args = arguments(example.commandLine());
        CommandLine.ParseResult result;
        try {
          result =
              Main.commandLine(new Context(System.out, System.err, Map.of()))
                  .parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
          throw new AssertionError(name + ": " + example.commandLine() + ": " + e.getMessage(), e);
        }
        assertThat(path(result))
            .as("%s: %s runs %s or a subcommand of it", name, example.commandLine(), name)
            .startsWith(name);
        parsed++;
      }
    }
    assertThat(parsed).isGreaterThan(40);
  }

  /**
   * Examples are not wrapped, so that they can be copied: each line fits 80 columns in --help and
   * in the man page, which indents them 5 columns more.
   */
  @Test
  void everyExampleLineFitsTheManPage() {
    for (CommandLine command : HelpWrappingTest.everyCommand(Map.of())) {
      String name = command.getCommandSpec().qualifiedName();
      for (String line : Examples.render(Examples.of(name)).split("\\R")) {
        assertThat(line.length()).as(name + ": " + line).isLessThanOrEqualTo(75);
      }
    }
  }

  @Test
  void argumentsAreReadAsAShellWouldSplitThem() {
    assertThat(arguments("A=1 cfn-wave run --workspace \"$PWD\" --x 'a b'"))
        .containsExactly("run", "--workspace", "$PWD", "--x", "a b");
    assertThat(arguments("source <(cfn-wave completion bash)"))
        .containsExactly("completion", "bash");
    assertThat(arguments("cfn-wave completion zsh > ~/.zfunc/_cfn-wave"))
        .containsExactly("completion", "zsh");
  }

  /** The names from the top down to the command the arguments run. */
  private static String path(CommandLine.ParseResult result) {
    StringBuilder path = new StringBuilder("cfn-wave");
    for (var r = result.subcommand(); r != null; r = r.subcommand()) {
      path.append(' ').append(r.commandSpec().name());
    }
    return path.toString();
  }

  /**
   * cfn-wave's arguments in a shell command line: the words after "cfn-wave", with quotes removed,
   * up to the end or a ")", ">", "|" or ";" outside quotes.
   */
  static List<String> arguments(String commandLine) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (char c : (commandLine + " ").toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c) || "()<>|;".indexOf(c) >= 0) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        if (c != ' ' && words.contains("cfn-wave")) {
          break;
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    int start = words.indexOf("cfn-wave");
    assertThat(start).as("cfn-wave in " + commandLine).isNotNegative();
    return words.subList(start + 1, words.size());
  }
}
