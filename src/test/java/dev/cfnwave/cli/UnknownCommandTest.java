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
    for (String command : List.of("lint", "ps")) {
      Result result = run(command, "--help");

      assertThat(result.exitCode()).as(command).isEqualTo(2);
      assertThat(result.out()).as(command).isEmpty();
      assertThat(result.err())
          .as(command)
          .startsWith("cfn-wave: error: unknown command '" + command + "'")
          .contains(
              "spawn, monitor, cleanup, run, validate, report, runs, status, logs, tiers, doctor,"
                  + " helpers, skill")
          .doesNotContain("Usage:", "warm-up")
          .hasLineCount(1);
    }
  }

  @Test
  void anUnknownCommandWithoutHelpSaysTheSame() {
    Result result = run("lint", "plan.json");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("cfn-wave: error: unknown command 'lint'");
  }

  @Test
  void aMistypedCommandGetsTheClosestOne() {
    assertThat(run("spwan", "--help").err()).contains("did you mean 'spawn'?");
    assertThat(run("monitr").err()).contains("did you mean 'monitor'?");
    assertThat(run("clean", "--wave-number", "1").err()).contains("did you mean 'cleanup'?");
    assertThat(run("hlepers").err()).contains("did you mean 'helpers'?");
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

  @Test
  void aMistypedOptionIsOneLineWithTheClosestAndExitTwo() {
    Result result = run("run", "--wave-plna", "plan.json");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .isEqualTo(
            "cfn-wave run: error: unknown option '--wave-plna'; did you mean '--wave-plan'?"
                + " (see cfn-wave run --help)\n");
  }

  @Test
  void aMistypedOptionWithItsValueIsNamedWithoutIt() {
    Result result = run("run", "--wave-plna=plan.json");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith(
            "cfn-wave run: error: unknown option '--wave-plna'; did you mean '--wave-plan'?")
        .hasLineCount(1);
  }

  @Test
  void anOptionLikeNoneSaysSoWithoutASuggestion() {
    Result result = run("report", "--zzzzzz", "x");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "cfn-wave report: error: unknown option '--zzzzzz' (see cfn-wave report --help)\n");
  }

  @Test
  void aPrefixOfOptionsSuggestsThem() {
    assertThat(run("run", "--verbos").err()).contains("did you mean '--verbose'?");
    assertThat(run("tiers", "suggest", "--what", "r").err()).contains("'--what-if'");
  }
}
