package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.admission.Schedule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Durations, sizes and enums are converted by picocli ({@link Converters}): good values become the
 * project's types, a bad one is one usage line naming the option, exit 2.
 */
class OptionTypesTest {

  private static RunCommand run(String... extra) {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    CommandLine commandLine = Main.commandLine(sink, sink, Map.of());
    String[] args = new String[extra.length + 3];
    args[0] = "run";
    args[1] = "--wave-plan";
    args[2] = "plan.json";
    System.arraycopy(extra, 0, args, 3, extra.length);
    return (RunCommand) commandLine.parseArgs(args).subcommand().commandSpec().userObject();
  }

  @Test
  void runOptionsHaveTheirDefaults() {
    RunCommand command = run();

    assertThat(command.schedule).isEqualTo(Schedule.WAVES);
    assertThat(RetryOnRules.merged(command.retry.retryOn))
        .isEqualTo(new RetryOnRules(Set.of(ExitStatus.FAILED, ExitStatus.OOM_KILLED), Set.of()));
    assertThat(command.retry.failFastOnLog).isEmpty();
    assertThat(command.retry.backoff).isEqualTo(Duration.ofSeconds(2));
    assertThat(command.stopGrace).isEqualTo(Duration.ofSeconds(10));
    assertThat(command.waveTimeout).isEqualTo(Duration.ofSeconds(1800));
    assertThat(command.batchTimeout).isNull();
    assertThat(command.memoryBudget).isNull();
  }

  @Test
  void runOptionsBecomeTheirTypes() {
    RunCommand command =
        run(
            "--schedule",
            "Continuous",
            "--retry-on",
            "timeout,OOM_KILLED",
            "--memory-budget",
            "1.5g",
            "--memory-reserve",
            "512m",
            "--batch-timeout",
            "0.25",
            "--backoff",
            "0",
            "--stop-grace",
            "0");

    assertThat(command.schedule).isEqualTo(Schedule.CONTINUOUS);
    assertThat(RetryOnRules.merged(command.retry.retryOn).statuses())
        .containsExactlyInAnyOrder(ExitStatus.TIMEOUT, ExitStatus.OOM_KILLED);
    assertThat(command.memoryBudget).isEqualTo(MemorySize.parse("1536m"));
    assertThat(command.memoryReserve).isEqualTo(MemorySize.ofMebibytes(512));
    assertThat(command.batchTimeout).isEqualTo(Duration.ofMillis(250));
    assertThat(command.retry.backoff).isZero();
    assertThat(command.stopGrace).isZero();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "monitor, --timeout, 0, must be a positive number of seconds",
    "monitor, --timeout, 0.0001, must be a positive number of seconds",
    "monitor, --poll-interval, -1, must be a positive number of seconds",
    "monitor, --timeout, soon, expected a number of seconds",
    "monitor, --timeout, Infinity, expected a number of seconds",
    "run, --batch-timeout, 0, must be a positive number of seconds",
    "run, --backoff, -0.5, must not be negative",
    "run, --stop-grace, NaN, expected a number of seconds",
    "run, --schedule, sometimes, expected waves or continuous",
    "run, --retry-on, success, 'expected failed, oom_killed, timeout or exit:CODE[,CODE...]'",
    "run, --retry-on, failed;timeout, got 'failed;timeout' in",
    "run, --retry-on, rejected, got 'rejected' in",
    "run, --retry-on, '137,failed', got '137' in",
    "run, --retry-on, 'exit:1,x', got 'x' in",
    "run, --retry-on, exit:0, an exit code is a number from 1 to 255",
    "run, --retry-on, exit:, an exit code is a number from 1 to 255",
    "run, --retry-on, 'failed,exit:256', got '256' in",
    "run, --fail-fast-on-log, (unclosed, not a regular expression: Unclosed group",
    "run, --pending-timeout, 0, must be a positive number of seconds",
    "run, --backfill-limit, -1, must not be negative",
    "run, --memory-budget, lots, is not a memory size",
    "run, --memory-reserve, 0, is not a positive memory size",
    "helpers wait, --timeout, 0, must be a positive number of seconds",
  })
  void aBadValueIsOneLineNamingTheOption(String command, String option, String value, String says) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args =
        switch (command) {
          case "monitor" -> new String[] {"monitor", "--containers", "m.json", option, value};
          case "run" -> new String[] {"run", "--wave-plan", "p.json", option, value};
          default -> new String[] {"helpers", "wait", option, value, "c1"};
        };

    int exit =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            args);

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .startsWith("cfn-wave " + command + ": error: ")
        .contains("'" + option + "'", says);
  }

  @Test
  void aBadValueFromAVariableNamesTheVariable() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        Main.run(
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("CFN_MONITOR_POLL_INTERVAL", "0"),
            "monitor",
            "--containers",
            "m.json");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("'--poll-interval'", "(from CFN_MONITOR_POLL_INTERVAL=0)");
  }
}
