package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A bad value that came from a CFN_* variable is refused before any engine is contacted, with one
 * line that names the variable and its value, whichever check refuses it.
 */
class VariableErrorsTest {

  /** Nothing listens there: a command that gets as far as the engine says it cannot reach it. */
  private static final String NO_ENGINE = "tcp://127.0.0.1:9";

  @TempDir Path folder;

  private Path plan;
  private Path manifest;

  @BeforeEach
  void files() throws IOException {
    plan = folder.resolve("plan.json");
    Files.writeString(
        plan,
        """
        {"task_id": "t", "waves": [{"wave_number": 1, "batches": [
          {"batch_id": "a", "tier": 1, "task_prompt": "x"}]}]}
        """);
    manifest = folder.resolve("spawned.json");
    Files.writeString(manifest, "{\"containers\": [{\"container_id\": \"abc\"}]}");
  }

  record Result(int exitCode, String err) {}

  private Result run(Map<String, String> variables, String... args) {
    Map<String, String> environment = new HashMap<>(variables);
    environment.put("DOCKER_HOST", NO_ENGINE);
    var err = new ByteArrayOutputStream();
    var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    int exit =
        Main.run(sink, new PrintStream(err, true, StandardCharsets.UTF_8), environment, args);
    return new Result(exit, err.toString(StandardCharsets.UTF_8));
  }

  /** Arguments that get the command as far as the engine, without the option under test. */
  private List<String> arguments(String command, String option) {
    List<String> args = new ArrayList<>(List.of(command));
    switch (command) {
      case "spawn" -> args.addAll(List.of("--wave-plan", plan.toString(), "--wave-number", "1"));
      case "run" ->
          args.addAll(
              List.of(
                  "--wave-plan", plan.toString(), "--runs-dir", folder.resolve("runs").toString()));
      case "validate" ->
          args.addAll(List.of(plan.toString(), "--runs-dir", folder.resolve("runs").toString()));
      case "monitor" -> args.addAll(List.of("--containers", manifest.toString()));
      case "cleanup" -> args.addAll(List.of("--wave-number", "1"));
      default -> throw new IllegalArgumentException(command);
    }
    if (!option.equals("--workspace") && (command.equals("spawn") || command.equals("run"))) {
      args.addAll(List.of("--workspace", folder.toString()));
    }
    return args;
  }

  /** A value the option refuses, by its type; null where any text is taken (an image name). */
  private static String badValue(OptionSpec option) {
    Class<?> type = option.type();
    if (type == boolean.class || type == Boolean.class) {
      return "maybe";
    }
    if (type == Path.class) {
      return "/nonexistent/workspace";
    }
    return type == String.class ? null : "-1";
  }

  @Test
  void everyVariableBehindAnOptionIsNamedWhenItsValueIsRefused() {
    var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    CommandLine root = Main.commandLine(sink, sink, Map.of());
    int checked = 0;
    for (Map.Entry<String, EnvironmentDefaults.Default> entry :
        EnvironmentDefaults.DEFAULTS.entrySet()) {
      String[] key = entry.getKey().split(" ");
      OptionSpec option = root.getSubcommands().get(key[0]).getCommandSpec().findOption(key[1]);
      String value = badValue(option);
      if (value == null) {
        continue;
      }
      String variable = entry.getValue().variable();
      Result result =
          run(Map.of(variable, value), arguments(key[0], key[1]).toArray(String[]::new));

      assertThat(result.exitCode()).as(entry.getKey() + ": " + result.err()).isEqualTo(2);
      assertThat(result.err())
          .as(entry.getKey())
          .contains(variable + "=" + value)
          .doesNotContain("Docker engine")
          .hasLineCount(1);
      checked++;
    }
    assertThat(checked).isGreaterThan(10);
  }

  @Test
  void aZeroParallelLimitNamesItsVariable() {
    Result result =
        run(
            Map.of("CFN_SPAWN_PARALLEL_LIMIT", "0"),
            arguments("spawn", "--parallel").toArray(String[]::new));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "cfn-wave spawn: error: --parallel: must be at least 1, got 0"
                + " (from CFN_SPAWN_PARALLEL_LIMIT=0)\n");
  }

  @Test
  void aFlagThatBeatsItsVariableIsNotBlamedOnIt() {
    List<String> args = arguments("spawn", "--parallel");
    args.addAll(List.of("--parallel", "0"));
    Result result = run(Map.of("CFN_SPAWN_PARALLEL_LIMIT", "3"), args.toArray(String[]::new));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--parallel: must be at least 1").doesNotContain("CFN_");
  }

  @Test
  void aMissingWorkspaceFromItsVariableNamesTheVariable() {
    Result result =
        run(
            Map.of("CFN_DOCKER_WORKSPACE", "/nope"),
            arguments("spawn", "--workspace").toArray(String[]::new));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--workspace /nope", "(from CFN_DOCKER_WORKSPACE=/nope)");
  }

  @Test
  void anUnknownLogLevelIsRefusedNamingItsVariable() {
    for (String[] args :
        List.of(
            arguments("spawn", "").toArray(String[]::new),
            arguments("cleanup", "").toArray(String[]::new))) {
      Result result = run(Map.of("CFN_LOG_LEVEL", "bogus"), args);

      assertThat(result.exitCode()).as(args[0]).isEqualTo(2);
      assertThat(result.err())
          .as(args[0])
          .contains("CFN_LOG_LEVEL=bogus: expected debug, info, warn or error");
    }
  }

  @Test
  void theLogLevelsAreTakenInAnyCase() {
    for (String level : List.of("debug", "INFO", "Warn", "warning", "error", "")) {
      Result result =
          run(Map.of("CFN_LOG_LEVEL", level), arguments("cleanup", "").toArray(String[]::new));

      assertThat(result.err()).as(level).doesNotContain("CFN_LOG_LEVEL");
    }
  }

  @Test
  void anUnknownBackendNamesWhereItCameFrom() {
    String[] spawn = arguments("spawn", "").toArray(String[]::new);

    assertThat(run(Map.of("CFN_BACKEND", "bogus"), spawn).err())
        .contains("CFN_BACKEND=bogus: expected one of docker, swarm");
    List<String> flagged = arguments("spawn", "");
    flagged.addAll(List.of("--backend", "kube"));
    assertThat(run(Map.of(), flagged.toArray(String[]::new)).err())
        .contains("--backend kube: expected one of docker, swarm");
  }

  @Test
  void negativeRetriesAreRefusedBeforeTheEngineIsContacted() {
    List<String> args = arguments("run", "--retries");
    args.addAll(List.of("--retries", "-1"));
    Result result = run(Map.of(), args.toArray(String[]::new));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--retries", "must not be negative").doesNotContain("engine");
  }
}
