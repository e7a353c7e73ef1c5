package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code cfn-wave completion bash|zsh} prints the script the release archive installs (ReleaseDocs
 * writes it with the same {@link CompletionCommand#script}).
 */
class CompletionCommandTest {

  @Test
  void bashListsEveryCommand() {
    CliRun bash = CliRun.of("completion", "bash");

    assertThat(bash.exitCode()).isZero();
    assertThat(bash.err()).isEmpty();
    assertThat(bash.out())
        .startsWith("#!/usr/bin/env bash")
        .contains("_complete_cfn-wave", "_picocli_cfn-wave_tiers_suggest")
        .contains(
            "local commands=\"spawn monitor cleanup run validate report runs status logs tiers"
                + " doctor helpers skill help completion\"");
  }

  @Test
  void bashIsTheScriptTheArchiveShips() {
    var sink = new PrintStream(new ByteArrayOutputStream());
    String shipped = CompletionCommand.script(Main.commandLine(sink, sink, Map.of()), "bash");

    assertThat(CliRun.of("completion", "bash").out()).isEqualTo(shipped);
  }

  @Test
  void zshLoadsItThroughBashcompinit() {
    CliRun zsh = CliRun.of("completion", "zsh");

    assertThat(zsh.exitCode()).isZero();
    assertThat(zsh.out())
        .startsWith("#compdef cfn-wave\n")
        .contains("autoload -U +X bashcompinit && bashcompinit")
        .contains(CliRun.of("completion", "bash").out());
  }

  @Test
  void theShellsAreOfferedInLowerCase() {
    assertThat(CliRun.of("completion", "bash").out())
        .contains("SHELL_pos_param_args=(\"bash\" \"zsh\")");
  }

  @Test
  void anotherShellIsOneLineAndExitTwo() {
    CliRun fish = CliRun.of("completion", "fish");

    assertThat(fish.exitCode()).isEqualTo(2);
    assertThat(fish.out()).isEmpty();
    assertThat(fish.err())
        .isEqualTo("cfn-wave completion: error: SHELL fish: expected bash or zsh\n");
  }

  @Test
  void noShellIsAUsageError() {
    CliRun none = CliRun.of("completion");

    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("SHELL").hasLineCount(1);
  }
}
