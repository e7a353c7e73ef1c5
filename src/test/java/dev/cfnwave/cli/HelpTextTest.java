package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --help of every command and subcommand: a whole-sentence summary and the exit codes. */
class HelpTextTest {

  private static List<CommandLine> everyCommand() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    List<CommandLine> all = new ArrayList<>();
    collect(Main.commandLine(sink, sink, Map.of()), all);
    return all;
  }

  private static void collect(CommandLine commandLine, List<CommandLine> all) {
    all.add(commandLine);
    commandLine.getSubcommands().values().forEach(sub -> collect(sub, all));
  }

  @Test
  void everyCommandIsCovered() {
    assertThat(everyCommand())
        .extracting(c -> c.getCommandSpec().qualifiedName())
        .contains("cfn-wave", "cfn-wave run", "cfn-wave cleanup", "cfn-wave helpers wait");
  }

  /** The parent's command list shows only the first line of a description. */
  @Test
  void everySummaryIsAWholeSentence() {
    for (CommandLine command : everyCommand()) {
      String[] description = command.getCommandSpec().usageMessage().description();
      String name = command.getCommandSpec().qualifiedName();
      assertThat(description).as(name).isNotEmpty();
      String summary = description[0];
      assertThat(summary).as(name).matches("[A-Z].*\\.");
      assertThat(summary.chars().filter(c -> c == '(').count())
          .as(name + ": balanced parentheses in " + summary)
          .isEqualTo(summary.chars().filter(c -> c == ')').count());
    }
  }

  @Test
  void everyCommandListsItsExitCodes() {
    for (CommandLine command : everyCommand()) {
      String name = command.getCommandSpec().qualifiedName();
      assertThat(command.getCommandSpec().usageMessage().exitCodeList())
          .as(name)
          .containsKeys("0", "1")
          .isEqualTo(ExitCodes.meanings(name));
      assertThat(command.getUsageMessage()).as(name).contains("Exit codes:");
    }
  }

  /** Any command can end with a usage error (2) and an unexpected one (1). */
  @Test
  void everyCommandListsTheCodesAnyCommandCanEndWith() {
    for (CommandLine command : everyCommand()) {
      String name = command.getCommandSpec().qualifiedName();
      assertThat(ExitCodes.meanings(name)).as(name).containsKeys("0", "1", "2");
      var err = new ByteArrayOutputStream();
      var sink = new PrintStream(new ByteArrayOutputStream(), true);
      String[] args =
          (name.replaceFirst("^cfn-wave ?", "") + " --no-such-option").strip().split(" ");
      int exit = Main.run(sink, new PrintStream(err, true), Map.of(), args);
      assertThat(exit).as(name + ": " + err).isEqualTo(ExitCodes.INVALID_OR_CRITICAL);
    }
  }

  /** ExitCodes' default is for the command groups; a command that does work says its own. */
  @Test
  void everyCommandThatDoesWorkHasExitCodesOfItsOwn() {
    Map<String, String> group = ExitCodes.meanings("cfn-wave tiers");
    for (CommandLine command : everyCommand()) {
      String name = command.getCommandSpec().qualifiedName();
      if (command.getSubcommands().isEmpty() && !command.getCommandSpec().usageMessage().hidden()) {
        assertThat(ExitCodes.meanings(name))
            .as(name + ": add its case to ExitCodes.meanings")
            .isNotEqualTo(group);
      }
    }
  }

  @Test
  void runListsTheSignalExitCodes() {
    assertThat(ExitCodes.meanings("cfn-wave run")).containsKeys("0", "1", "2", "130", "143");
  }

  @Test
  void everyCommandButTheTopTakesStacktrace() {
    for (CommandLine command : everyCommand()) {
      if (command.getParent() != null) {
        assertThat(command.getCommandSpec().findOption(StackTraceOption.NAME))
            .as(command.getCommandSpec().qualifiedName())
            .isNotNull();
      }
    }
  }
}
