package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.InputException;
import dev.cfnwave.image.PullPolicy;
import dev.cfnwave.image.PullSettings;
import dev.cfnwave.run.journal.RunFolder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Option parsing: defaults from the CFN_* variables, built-in defaults, and flags beating both. */
class OptionDefaultsTest {

  private static final String[] SPAWN = {"spawn", "--wave-plan", "plan.json", "--wave-number", "1"};

  private static <T> T parse(Class<T> type, Map<String, String> env, String... args) {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    CommandLine commandLine = Main.commandLine(sink, sink, env);
    CommandLine.ParseResult result = commandLine.parseArgs(args);
    return type.cast(result.subcommand().commandSpec().userObject());
  }

  private static SpawnCommand spawn(Map<String, String> env, String... extra) {
    return parse(SpawnCommand.class, env, join(SPAWN, extra));
  }

  private static MonitorCommand monitor(Map<String, String> env, String... extra) {
    String[] base = {"monitor", "--containers", "spawned.json"};
    return parse(MonitorCommand.class, env, join(base, extra));
  }

  private static CleanupCommand cleanup(Map<String, String> env, String... extra) {
    String[] base = {"cleanup", "--wave-number", "1"};
    return parse(CleanupCommand.class, env, join(base, extra));
  }

  private static String[] join(String[] base, String[] extra) {
    return Stream.concat(Arrays.stream(base), Arrays.stream(extra)).toArray(String[]::new);
  }

  // --- run ---

  private static RunCommand run(Map<String, String> env, String... extra) {
    return parse(RunCommand.class, env, join(new String[] {"run", "--wave-plan", "p.json"}, extra));
  }

  @Test
  void imagesArePulledWhenMissingTwoAtOnceWithinTenMinutesByDefault() {
    for (PullOptions pull : List.of(spawn(Map.of()).pull, run(Map.of()).pull)) {
      assertThat(pull.settings())
          .isEqualTo(new PullSettings(PullPolicy.MISSING, Duration.ofMinutes(10), 2));
    }
    assertThat(run(Map.of()).removePulledImages).isFalse();
  }

  @Test
  void pullComesFromItsVariableAndTheFlagBeatsIt() {
    assertThat(spawn(Map.of("CFN_PULL", "Never")).pull.policy).isEqualTo(PullPolicy.NEVER);
    assertThat(run(Map.of("CFN_PULL", "always")).pull.policy).isEqualTo(PullPolicy.ALWAYS);
    assertThat(run(Map.of("CFN_PULL", "always"), "--pull", "missing").pull.policy)
        .isEqualTo(PullPolicy.MISSING);
  }

  @Test
  void aPullPolicyThatIsNoneOfTheThreeIsAUsageError() {
    assertThatThrownBy(() -> run(Map.of(), "--pull", "sometimes"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("expected missing, always or never, got 'sometimes'");
    assertThatThrownBy(() -> run(Map.of(), "--pull-timeout", "0"))
        .isInstanceOf(CommandLine.ParameterException.class);
    assertThatThrownBy(() -> spawn(Map.of(), "--pull-parallel", "0").pull.settings())
        .isInstanceOf(InputException.class)
        .hasMessage("--pull-parallel: must be at least 1, got 0");
  }

  @Test
  void aResumedRunPullsAsItWasInvokedToWhateverTheResumingProcessSays() {
    RunFolder.Invocation invocation =
        new RunFolder.Invocation(
            List.of(
                "run",
                "--wave-plan",
                "p.json",
                "--pull-parallel",
                "3",
                "--pull-timeout",
                "30",
                "--remove-pulled-images"),
            Map.of("CFN_PULL", "never"));
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    Context resuming = new Context(sink, sink, Map.of("CFN_PULL", "always"));

    try (Context original = RunResumption.contextOf(resuming, invocation)) {
      RunCommand command = RunResumption.commandOf(original, invocation);

      assertThat(command.pull.settings())
          .isEqualTo(new PullSettings(PullPolicy.NEVER, Duration.ofSeconds(30), 3));
      assertThat(command.removePulledImages).isTrue();
    }
  }

  @Test
  void runBackfillsForSixtySecondsUnlessItsVariableOrFlagSaysOtherwise() {
    assertThat(run(Map.of()).backfillLimit).isEqualTo(Duration.ofSeconds(60));
    assertThat(run(Map.of("CFN_BACKFILL_LIMIT", "0")).backfillLimit).isZero();
    assertThat(run(Map.of("CFN_BACKFILL_LIMIT", "0"), "--backfill-limit", "2.5").backfillLimit)
        .isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void aResumedRunKeepsItsOwnBackfillLimit() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    Context resuming = new Context(sink, sink, Map.of("CFN_BACKFILL_LIMIT", "30"));
    RunFolder.Invocation flag =
        new RunFolder.Invocation(
            List.of("run", "--wave-plan", "p.json", "--backfill-limit", "0"), Map.of());
    RunFolder.Invocation variable =
        new RunFolder.Invocation(
            List.of("run", "--wave-plan", "p.json"), Map.of("CFN_BACKFILL_LIMIT", "5"));

    try (Context original = RunResumption.contextOf(resuming, flag)) {
      assertThat(RunResumption.commandOf(original, flag).backfillLimit).isZero();
    }
    try (Context original = RunResumption.contextOf(resuming, variable)) {
      assertThat(RunResumption.commandOf(original, variable).backfillLimit)
          .isEqualTo(Duration.ofSeconds(5));
    }
  }

  @Test
  void aResumedRunTakesNoSettingOrEngineFromTheResumingProcessThatItDidNotHave() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    Context resuming =
        new Context(
            sink,
            sink,
            Map.of(
                "CFN_BACKFILL_LIMIT", "0",
                "DOCKER_HOST", "tcp://elsewhere:2375",
                "API_TOKEN", "from-this-process",
                "CFN_STDERR_IS_TTY", "1"));
    RunFolder.Invocation invocation =
        new RunFolder.Invocation(
            List.of("run", "--wave-plan", "p.json"), Map.of("CFN_TIER_1_MEMORY", "100m"));

    try (Context original = RunResumption.contextOf(resuming, invocation)) {
      assertThat(RunResumption.commandOf(original, invocation).backfillLimit)
          .isEqualTo(Duration.ofSeconds(60));
      assertThat(original.environment)
          .doesNotContainKeys("CFN_BACKFILL_LIMIT", "DOCKER_HOST")
          .containsEntry("CFN_TIER_1_MEMORY", "100m")
          .containsEntry("API_TOKEN", "from-this-process")
          .containsEntry("CFN_STDERR_IS_TTY", "1");
    }
  }

  // --- spawn ---

  @Test
  void spawnUsesBuiltInDefaultsWhenNothingIsSet() {
    SpawnCommand command = spawn(Map.of());

    assertThat(command.wavePlan).isEqualTo(Path.of("plan.json"));
    assertThat(command.waveNumber).isEqualTo(1);
    assertThat(command.spawnOptions.image).isEqualTo("claude-flow-novice:latest");
    assertThat(command.spawnOptions.network).isEqualTo("cfn-network");
    assertThat(command.spawnOptions.workspace).isEqualTo(Path.of("/workspace"));
    assertThat(command.spawnOptions.parallel).isEqualTo(5);
    assertThat(command.dryRun).isFalse();
    assertThat(command.spawnOptions.environment).isEmpty();
    assertThat(command.runId).isNull();
    assertThat(command.common.output).isNull();
    assertThat(command.common.verbose).isFalse();
    assertThat(command.common.stackTrace.stacktrace).isFalse();
  }

  @Test
  void spawnTakesDefaultsFromTheEnvironment() {
    SpawnCommand command =
        spawn(
            Map.of(
                "CFN_DOCKER_IMAGE", "agent:2",
                "CFN_DOCKER_NETWORK", "wave-net",
                "CFN_DOCKER_WORKSPACE", "/srv/ws",
                "CFN_SPAWN_PARALLEL_LIMIT", "12",
                "CFN_SPAWN_DRY_RUN", "true"));

    assertThat(command.spawnOptions.image).isEqualTo("agent:2");
    assertThat(command.spawnOptions.network).isEqualTo("wave-net");
    assertThat(command.spawnOptions.workspace).isEqualTo(Path.of("/srv/ws"));
    assertThat(command.spawnOptions.parallel).isEqualTo(12);
    assertThat(command.dryRun).isTrue();
  }

  @Test
  void blankVariableFallsBackToTheBuiltInDefault() {
    SpawnCommand command = spawn(Map.of("CFN_DOCKER_IMAGE", "  ", "CFN_SPAWN_PARALLEL_LIMIT", ""));

    assertThat(command.spawnOptions.image).isEqualTo("claude-flow-novice:latest");
    assertThat(command.spawnOptions.parallel).isEqualTo(5);
  }

  @Test
  void variableValueIsTrimmed() {
    assertThat(spawn(Map.of("CFN_SPAWN_PARALLEL_LIMIT", " 7 ")).spawnOptions.parallel).isEqualTo(7);
  }

  @Test
  void spawnFlagsBeatTheirVariables() {
    SpawnCommand command =
        spawn(
            Map.of(
                "CFN_DOCKER_IMAGE", "agent:2",
                "CFN_DOCKER_NETWORK", "wave-net",
                "CFN_DOCKER_WORKSPACE", "/srv/ws",
                "CFN_SPAWN_PARALLEL_LIMIT", "12"),
            "--base-image",
            "other:1",
            "--network",
            "flag-net",
            "--workspace",
            "/tmp/ws",
            "--parallel",
            "2");

    assertThat(command.spawnOptions.image).isEqualTo("other:1");
    assertThat(command.spawnOptions.network).isEqualTo("flag-net");
    assertThat(command.spawnOptions.workspace).isEqualTo(Path.of("/tmp/ws"));
    assertThat(command.spawnOptions.parallel).isEqualTo(2);
  }

  @Test
  void dryRunFlagBeatsFalseVariable() {
    assertThat(spawn(Map.of("CFN_SPAWN_DRY_RUN", "false"), "--dry-run").dryRun).isTrue();
  }

  @Test
  void dryRunFlagKeepsTrueVariable() {
    assertThat(spawn(Map.of("CFN_SPAWN_DRY_RUN", "true"), "--dry-run").dryRun).isTrue();
  }

  @ParameterizedTest(name = "CFN_SPAWN_DRY_RUN={0} is {1}")
  @CsvSource({"yes, true", "1, true", "on, true", "no, false", "0, false", "off, false"})
  void dryRunVariableAcceptsCommonBooleanSpellings(String variable, boolean expected) {
    assertThat(spawn(Map.of("CFN_SPAWN_DRY_RUN", variable)).dryRun).isEqualTo(expected);
  }

  @Test
  void environmentOptionRepeats() {
    SpawnCommand command = spawn(Map.of(), "--environment", "A=1", "--environment", "B=x=y");

    assertThat(command.spawnOptions.environment).containsExactly("A=1", "B=x=y");
  }

  @Test
  void commonOptionsAreParsed() {
    SpawnCommand command = spawn(Map.of(), "--output", "out.json", "--verbose", "--stacktrace");

    assertThat(command.common.output).isEqualTo(Path.of("out.json"));
    assertThat(command.common.verbose).isTrue();
    assertThat(command.common.stackTrace.stacktrace).isTrue();
  }

  // --- monitor ---

  @Test
  void monitorUsesBuiltInDefaultsWhenNothingIsSet() {
    MonitorCommand command = monitor(Map.of());

    assertThat(command.containers).isEqualTo(Path.of("spawned.json"));
    assertThat(command.waveNumber).isNull();
    assertThat(command.timeout).isEqualTo(Duration.ofSeconds(1800));
    assertThat(command.pollInterval).isEqualTo(Duration.ofSeconds(5));
    assertThat(command.preserveLogs).isFalse();
    assertThat(command.outputDir).isNull();
  }

  @Test
  void monitorTakesDefaultsFromTheEnvironment() {
    MonitorCommand command =
        monitor(
            Map.of(
                "CFN_MONITOR_TIMEOUT", "60",
                "CFN_MONITOR_POLL_INTERVAL", "0.5",
                "CFN_MONITOR_PRESERVE_LOGS", "true"));

    assertThat(command.timeout).isEqualTo(Duration.ofSeconds(60));
    assertThat(command.pollInterval).isEqualTo(Duration.ofMillis(500));
    assertThat(command.preserveLogs).isTrue();
  }

  @Test
  void monitorFlagsBeatTheirVariables() {
    MonitorCommand command =
        monitor(
            Map.of("CFN_MONITOR_TIMEOUT", "60", "CFN_MONITOR_POLL_INTERVAL", "0.5"),
            "--timeout",
            "10",
            "--poll-interval",
            "2",
            "--wave-number",
            "3");

    assertThat(command.timeout).isEqualTo(Duration.ofSeconds(10));
    assertThat(command.pollInterval).isEqualTo(Duration.ofSeconds(2));
    assertThat(command.waveNumber).isEqualTo(3);
  }

  @Test
  void preserveLogsFlagKeepsTrueVariable() {
    assertThat(monitor(Map.of("CFN_MONITOR_PRESERVE_LOGS", "true"), "--preserve-logs").preserveLogs)
        .isTrue();
  }

  @Test
  void preserveLogsFlagBeatsFalseVariable() {
    assertThat(
            monitor(Map.of("CFN_MONITOR_PRESERVE_LOGS", "false"), "--preserve-logs").preserveLogs)
        .isTrue();
  }

  // --- cleanup ---

  /** What cleanup will do about failed containers' logs: flags, then the variable, then true. */
  private static boolean keepsFailedLogs(Map<String, String> env, String... flags)
      throws ReflectiveOperationException {
    CleanupCommand command = cleanup(env, flags);
    return command.logs.keepFailedLogs(new Context(System.out, System.err, env));
  }

  @Test
  void cleanupUsesBuiltInDefaultsWhenNothingIsSet() throws ReflectiveOperationException {
    CleanupCommand command = cleanup(Map.of());

    assertThat(command.waveNumber).isEqualTo(1);
    assertThat(command.pattern).isNull();
    assertThat(command.containers).isNull();
    assertThat(command.taskId).isNull();
    assertThat(command.logs.preserveAllLogs).isFalse();
    assertThat(command.dryRun).isFalse();
    assertThat(keepsFailedLogs(Map.of())).isTrue();
  }

  @Test
  void cleanupTakesDefaultsFromTheEnvironment() throws ReflectiveOperationException {
    CleanupCommand command = cleanup(Map.of("CFN_CLEANUP_DRY_RUN", "true"));

    assertThat(command.dryRun).isTrue();
    assertThat(keepsFailedLogs(Map.of("CFN_CLEANUP_PRESERVE_FAILED", "false"))).isFalse();
    assertThat(keepsFailedLogs(Map.of("CFN_CLEANUP_PRESERVE_FAILED", "true"))).isTrue();
  }

  @ParameterizedTest(name = "CFN_CLEANUP_PRESERVE_FAILED={0} {1} gives {2}")
  @CsvSource({
    "true, --no-preserve-failed-logs, false",
    "false, --no-preserve-failed-logs, false",
    "true, --preserve-failed-logs, true",
    "false, --preserve-failed-logs, true",
  })
  void preserveFailedLogsFlagBeatsItsVariable(String variable, String flag, boolean expected)
      throws ReflectiveOperationException {
    assertThat(keepsFailedLogs(Map.of("CFN_CLEANUP_PRESERVE_FAILED", variable), flag))
        .isEqualTo(expected);
  }

  @Test
  void noPreserveFailedLogsBeatsTheBuiltInDefault() throws ReflectiveOperationException {
    assertThat(keepsFailedLogs(Map.of(), "--no-preserve-failed-logs")).isFalse();
  }

  @ParameterizedTest(name = "CFN_CLEANUP_PRESERVE_FAILED={0} is {1}")
  @CsvSource({
    "yes, true",
    "1, true",
    "on, true",
    "TRUE, true",
    "no, false",
    "0, false",
    "off, false"
  })
  void preserveFailedVariableAcceptsCommonBooleanSpellings(String variable, boolean expected)
      throws ReflectiveOperationException {
    assertThat(keepsFailedLogs(Map.of("CFN_CLEANUP_PRESERVE_FAILED", variable)))
        .isEqualTo(expected);
  }

  @Test
  void badPreserveFailedVariableIsAnInputErrorNamingIt() {
    assertThatThrownBy(() -> keepsFailedLogs(Map.of("CFN_CLEANUP_PRESERVE_FAILED", "maybe")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("CFN_CLEANUP_PRESERVE_FAILED")
        .hasMessageContaining("maybe");
  }

  @Test
  void bothPreserveFailedFlagsAreRefused() {
    assertThatThrownBy(
            () -> keepsFailedLogs(Map.of(), "--preserve-failed-logs", "--no-preserve-failed-logs"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("exclude each other");
  }

  @Test
  void cleanupDryRunFlagBeatsFalseVariable() {
    assertThat(cleanup(Map.of("CFN_CLEANUP_DRY_RUN", "false"), "--dry-run").dryRun).isTrue();
  }

  @Test
  void cleanupDryRunFlagKeepsTrueVariable() {
    assertThat(cleanup(Map.of("CFN_CLEANUP_DRY_RUN", "true"), "--dry-run").dryRun).isTrue();
  }

  @Test
  void cleanupSelectorsAreParsed() {
    CleanupCommand command =
        parse(
            CleanupCommand.class,
            Map.of(),
            "cleanup",
            "--pattern",
            "cfn-wave2-*",
            "--containers",
            "spawned.json",
            "--task-id",
            "t-1",
            "--preserve-all-logs");

    assertThat(command.waveNumber).isNull();
    assertThat(command.pattern).isEqualTo("cfn-wave2-*");
    assertThat(command.containers).isEqualTo(Path.of("spawned.json"));
    assertThat(command.taskId).isEqualTo("t-1");
    assertThat(command.logs.preserveAllLogs).isTrue();
  }

  @Test
  void variablesOfOneCommandDoNotLeakIntoAnother() {
    CleanupCommand command = cleanup(Map.of("CFN_SPAWN_DRY_RUN", "true"));

    assertThat(command.dryRun).isFalse();
  }
}
