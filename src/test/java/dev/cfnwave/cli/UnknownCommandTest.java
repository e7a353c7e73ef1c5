package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A command that does not exist is an error (exit 2) that names it, even with --help. */
class UnknownCommandTest {

  record Result(int exitCode, String out, String err) {}

  private static Result run(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            args);
    return new Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anUnknownCommandWithHelpIsAnErrorNotTheTopLevelHelp() {
    for (String command : List.of("validate", "ps")) {
      Result result = run(command, "--help");

      assertThat(result.exitCode()).as(command).isEqualTo(2);
      assertThat(result.out()).as(command).isEmpty();
      assertThat(result.err())
          .as(command)
          .startsWith("cfn-wave: error: unknown command '" + command + "'")
          .contains(
              "spawn, monitor, cleanup, run, report, runs, status, logs, tiers, helpers, skill")
          .doesNotContain("Usage:", "warm-up")
          .hasLineCount(1);
    }
  }

  @Test
  void anUnknownCommandWithoutHelpSaysTheSame() {
    Result result = run("validate", "plan.json");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("cfn-wave: error: unknown command 'validate'");
  }

  @Test
  void aMistypedCommandGetsTheClosestOne() {
    assertThat(run("spwan", "--help").err()).contains("did you mean 'spawn'?");
    assertThat(run("monitr").err()).contains("did you mean 'monitor'?");
    assertThat(run("clean", "--wave-number", "1").err()).contains("did you mean 'cleanup'?");
    assertThat(run("help").err()).contains("did you mean 'helpers'?");
  }

  @Test
  void aMistypedSubcommandIsNamedWithItsGroup() {
    Result tiers = run("tiers", "sugest", "--help");
    Result helpers = run("helpers", "wiat");

    assertThat(tiers.exitCode()).isEqualTo(2);
    assertThat(tiers.err())
        .isEqualTo(
            "cfn-wave tiers: error: unknown command 'sugest'; did you mean 'suggest'?"
                + " (see cfn-wave tiers --help)\n");
    assertThat(helpers.exitCode()).isEqualTo(2);
    assertThat(helpers.err()).contains("cfn-wave helpers: error: unknown command 'wiat'", "'wait'");
  }

  @Test
  void knownCommandsAndTheirArgumentsPass() {
    assertThat(run("--help").exitCode()).isZero();
    assertThat(run("spawn", "--help").exitCode()).isZero();
    assertThat(run("tiers", "suggest", "--help").exitCode()).isZero();
    assertThat(run("helpers", "parse-memory", "512m").out()).isEqualTo("536870912\n");
  }

  @Test
  void editsCountASwapOfNeighboursAsOne() {
    assertThat(UnknownCommand.distance("spwan", "spawn")).isEqualTo(1);
    assertThat(UnknownCommand.distance("run", "rum")).isEqualTo(1);
    assertThat(UnknownCommand.distance("validate", "spawn")).isGreaterThan(2);
  }
}
