package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code cfn-wave help CMD [SUBCMD]} prints what {@code CMD [SUBCMD] --help} prints. */
class HelpCommandTest {

  @Test
  void helpOfEveryCommandIsItsHelpOption() {
    for (CommandLine command : HelpWrappingTest.everyCommand(Map.of())) {
      if (command.getCommandSpec().usageMessage().hidden()) {
        continue;
      }
      List<String> path = new ArrayList<>();
      for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
        path.add(0, c.getCommandName());
      }
      List<String> helpArgs = new ArrayList<>(List.of("help"));
      helpArgs.addAll(path);
      List<String> optionArgs = new ArrayList<>(path);
      optionArgs.add("--help");

      CliRun help = CliRun.of(helpArgs.toArray(String[]::new));
      CliRun option = CliRun.of(optionArgs.toArray(String[]::new));

      assertThat(help.exitCode()).as(String.join(" ", helpArgs)).isZero();
      assertThat(help.out()).as(String.join(" ", helpArgs)).isEqualTo(option.out()).isNotEmpty();
      assertThat(help.err()).isEmpty();
    }
  }

  @Test
  void helpOfASubcommand() {
    CliRun help = CliRun.of("help", "tiers", "suggest");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).startsWith("Usage: cfn-wave tiers suggest");
  }

  @Test
  void helpAloneIsTheTopLevelHelp() {
    CliRun help = CliRun.of("help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).isEqualTo(CliRun.of("--help").out()).startsWith("Usage: cfn-wave ");
  }

  @Test
  void anUnknownCommandIsOneLineWithTheClosestAndExitTwo() {
    CliRun help = CliRun.of("help", "rnu");

    assertThat(help.exitCode()).isEqualTo(2);
    assertThat(help.out()).isEmpty();
    assertThat(help.err())
        .isEqualTo(
            "cfn-wave: error: unknown command 'rnu'; did you mean 'run'? (see cfn-wave --help)\n");
  }

  @Test
  void anUnknownSubcommandNamesItsGroup() {
    CliRun help = CliRun.of("help", "tiers", "sugest");

    assertThat(help.exitCode()).isEqualTo(2);
    assertThat(help.err())
        .startsWith("cfn-wave tiers: error: unknown command 'sugest'; did you mean 'suggest'?")
        .hasLineCount(1);
  }

  @Test
  void aCommandWithoutSubcommandsHasNoneToShow() {
    CliRun help = CliRun.of("help", "run", "fast");

    assertThat(help.exitCode()).isEqualTo(2);
    assertThat(help.err())
        .startsWith("cfn-wave run: error: unknown command 'fast'")
        .hasLineCount(1);
  }
}
