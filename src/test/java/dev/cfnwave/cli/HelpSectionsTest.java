package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** --help lists options under group headings, and a boolean option without a value label. */
class HelpSectionsTest {

  private static final List<String> GROUPED =
      List.of("cfn-wave run", "cfn-wave spawn", "cfn-wave monitor", "cfn-wave cleanup");

  @Test
  void runsOptionsAreUnderEveryGroupsHeading() {
    String help = help("cfn-wave run");

    for (HelpGroup group : HelpGroup.values()) {
      if (group != HelpGroup.SELECTION) {
        assertThat(help).contains("\n" + group.heading + ":\n");
      }
    }
    assertThat(help).contains("\nOther options:\n");
    assertThat(help.indexOf("Plan and images:")).isLessThan(help.indexOf("Scheduling:"));
  }

  @Test
  void everyOptionOfTheBigCommandsIsInAGroupButHelpVersionAndStacktrace() {
    for (CommandLine command : HelpWrappingTest.everyCommand(Map.of())) {
      String name = command.getCommandSpec().qualifiedName();
      if (!GROUPED.contains(name)) {
        continue;
      }
      for (OptionSpec option : command.getCommandSpec().options()) {
        if (!option.usageHelp()
            && !option.versionHelp()
            && !option.longestName().equals(StackTraceOption.NAME)) {
          assertThat(HelpGroup.of(option))
              .as(name + " " + option.longestName() + ": add @InHelpGroup(...) to its field")
              .isNotNull();
        }
      }
    }
  }

  @Test
  void everyOptionIsListedOnceWhateverItsGroup() {
    for (CommandLine command : HelpWrappingTest.everyCommand(Map.of())) {
      var sections = HelpGroup.sections(command.getCommandSpec(), null);
      long listed = sections.values().stream().mapToLong(List::size).sum();
      long visible = command.getCommandSpec().options().stream().filter(o -> !o.hidden()).count();
      assertThat(listed).as(command.getCommandSpec().qualifiedName()).isEqualTo(visible);
    }
  }

  @Test
  void aCommandWithoutGroupsListsItsOptionsUnderOptions() {
    assertThat(help("cfn-wave report")).contains("\nOptions:\n").doesNotContain("Other options:");
  }

  /** Not "--dry-run[=<dryRun>]": a boolean takes no value worth showing. */
  @Test
  void noHelpShowsAValueLabelForABoolean() {
    for (CommandLine command : HelpWrappingTest.everyCommand(Map.of())) {
      String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
      assertThat(help).as(command.getCommandSpec().qualifiedName()).doesNotContain("[=<", "=<");
    }
    assertThat(help("cfn-wave spawn")).contains("[--dry-run]", "      --dry-run  ");
    assertThat(help("cfn-wave monitor")).contains("[--preserve-logs]");
  }

  /** The boolean options that take "=false" still do, and as before. */
  @Test
  void aBooleanStillTakesAnExplicitValue() {
    CommandLine root = Main.commandLine(new Context(System.out, System.err, Map.of()));
    var parsed = root.parseArgs("cleanup", "--wave-number", "1", "--dry-run=false").subcommand();
    assertThat(parsed.matchedOptionValue("--dry-run", true)).isFalse();
  }

  private static String help(String name) {
    return HelpWrappingTest.everyCommand(Map.of()).stream()
        .filter(c -> c.getCommandSpec().qualifiedName().equals(name))
        .findFirst()
        .orElseThrow()
        .getUsageMessage(CommandLine.Help.Ansi.OFF);
  }
}
