package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Main.run for failures that happen before any Docker engine is needed. */
class MainTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return Main.run(
        new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8),
        env,
        args);
  }

  private int run(String... args) {
    return run(Map.of(), args);
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private List<String> errLines() {
    return errBytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private void assertNoStackTrace() {
    assertThat(errBytes.toString(StandardCharsets.UTF_8))
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
  }

  /** Exit 2, nothing on stdout, one line on stderr containing all the given parts. */
  private void assertOneLineError(int exitCode, String... parts) {
    assertThat(exitCode).isEqualTo(2);
    assertThat(out()).isEmpty();
    assertThat(errLines()).hasSize(1);
    assertThat(errLines().get(0)).contains(parts);
    assertNoStackTrace();
  }

  @Test
  void versionNamesTheReleaseTheCommitAndTheJavaRuntime() {
    int exitCode = run("--version");

    assertThat(exitCode).isZero();
    assertThat(out().lines().toList())
        .satisfiesExactly(
            line -> assertThat(line).matches("cfn-wave [0-9]+\\.[0-9]+\\.[0-9]+.*"),
            line -> assertThat(line).matches("commit [0-9a-f]{12}(-modified)?"),
            line ->
                assertThat(line)
                    .startsWith("Java " + Runtime.version() + " (")
                    .contains(System.getProperty("java.home")));
  }

  @Test
  void everySubcommandsVersionSaysTheSame() {
    run("--version");
    String version = out();
    for (String command : List.of("spawn", "monitor", "cleanup", "run", "helpers", "skill")) {
      outBytes.reset();
      assertThat(run(command, "--version")).isZero();
      assertThat(out()).as(command).isEqualTo(version);
    }
  }

  private Path plan(String json) throws IOException {
    return Files.writeString(dir.resolve("plan.json"), json);
  }

  private Path validPlan() throws IOException {
    return plan(
        "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"tier\": 1}]}]}");
  }

  @Test
  void spawnWithMissingPlanExitsTwoWithOneLine() {
    String missing = dir.resolve("missing.json").toString();

    int exit =
        run("spawn", "--wave-plan", missing, "--wave-number", "1", "--workspace", dir.toString());

    assertOneLineError(exit, "cfn-wave spawn: error: ", missing, "file not found");
  }

  @Test
  void spawnWithBrokenPlanNamesFileAndPath() throws IOException {
    Path file = plan("{\"waves\": [{\"wave_number\": 1,, }]}");

    int exit =
        run(
            "spawn",
            "--wave-plan",
            file.toString(),
            "--wave-number",
            "1",
            "--workspace",
            dir.toString());

    assertOneLineError(exit, file.toString(), "$: invalid JSON at line 1");
  }

  @Test
  void spawnWithInvalidBatchNamesTheJsonPath() throws IOException {
    Path file =
        plan(
            "{\"waves\": [{\"wave_number\": 1,"
                + " \"batches\": [{\"batch_id\": \"a\", \"tier\": 9}]}]}");

    int exit =
        run(
            "spawn",
            "--wave-plan",
            file.toString(),
            "--wave-number",
            "1",
            "--workspace",
            dir.toString());

    assertOneLineError(exit, file.toString(), "$.waves[0].batches[0].tier", "unknown tier 9");
  }

  @Test
  void spawnOfAWaveThePlanLacksExitsTwo() throws IOException {
    Path file = validPlan();

    int exit =
        run(
            "spawn",
            "--wave-plan",
            file.toString(),
            "--wave-number",
            "7",
            "--workspace",
            dir.toString());

    assertOneLineError(exit, file.toString(), "$.waves", "wave_number 7");
  }

  @Test
  void spawnWithBadTierVariableNamesTheVariable() throws IOException {
    Path file = validPlan();

    int exit =
        run(
            Map.of("CFN_TIER_1_MEMORY", "lots"),
            "spawn",
            "--wave-plan",
            file.toString(),
            "--wave-number",
            "1",
            "--workspace",
            dir.toString());

    assertOneLineError(exit, "CFN_TIER_1_MEMORY", "'lots'");
  }

  @Test
  void spawnWithReservedEnvironmentVariableExitsTwo() throws IOException {
    Path file = validPlan();

    int exit =
        run(
            "spawn",
            "--wave-plan",
            file.toString(),
            "--wave-number",
            "1",
            "--workspace",
            dir.toString(),
            "--environment",
            "BATCH_ID=mine");

    assertOneLineError(exit, "--environment BATCH_ID");
  }

  @Test
  void spawnWithMissingWorkspaceExitsTwo() throws IOException {
    Path file = validPlan();
    String workspace = dir.resolve("nowhere").toString();

    int exit =
        run(
            "spawn",
            "--wave-plan",
            file.toString(),
            "--wave-number",
            "1",
            "--workspace",
            workspace);

    assertOneLineError(exit, "--workspace " + workspace, "does not exist");
  }

  @Test
  void aConstraintOnTheDockerBackendExitsTwoAndCreatesNothing() throws IOException {
    Path file = validPlan();
    Path runs = dir.resolve("runs");

    int exit =
        run(
            "run",
            "--wave-plan",
            file.toString(),
            "--workspace",
            dir.toString(),
            "--runs-dir",
            runs.toString(),
            "--constraint",
            "node.hostname==w1");

    assertOneLineError(
        exit, "--constraint node.hostname==w1: only the swarm backend places attempts on nodes");
    assertThat(runs).doesNotExist();
  }

  @Test
  void aConstraintOfTheWrongShapeExitsTwoOnSpawnAndRun() throws IOException {
    Path file = validPlan();

    int exit =
        run(
            Map.of("CFN_BACKEND", "swarm"),
            "spawn",
            "--wave-plan",
            file.toString(),
            "--wave-number",
            "1",
            "--workspace",
            dir.toString(),
            "--constraint",
            "node.hostname=w1");

    assertOneLineError(exit, "--constraint node.hostname=w1: expected KEY==VALUE or KEY!=VALUE");
  }

  @Test
  void spawnWithBadRunIdExitsTwo() throws IOException {
    Path file = validPlan();

    int exit =
        run(
            "spawn",
            "--wave-plan",
            file.toString(),
            "--wave-number",
            "1",
            "--workspace",
            dir.toString(),
            "--run-id",
            "Bad/Id");

    assertOneLineError(exit, "--run-id Bad/Id");
  }

  @Test
  void aBaseImageThatIsNoReferenceExitsTwoOnSpawnAndRun() throws IOException {
    Path file = validPlan();
    for (List<String> command : List.of(List.of("spawn", "--wave-number", "1"), List.of("run"))) {
      errBytes.reset();
      List<String> args = new java.util.ArrayList<>(command);
      args.addAll(
          List.of(
              "--wave-plan",
              file.toString(),
              "--workspace",
              dir.toString(),
              "--base-image",
              "Agent:1"));
      int exit = run(args.toArray(String[]::new));

      assertOneLineError(
          exit,
          "--base-image Agent:1: not an image reference: the repository path must be lower-case");
    }
  }

  @Test
  void unknownOptionExitsTwoWithOneLine() {
    int exit = run("spawn", "--wave-plan", "p.json", "--wave-number", "1", "--bogus");

    assertOneLineError(exit, "cfn-wave spawn: error: ", "--bogus", "--help");
  }

  @Test
  void unknownCleanupOptionExitsTwoWithOneLine() {
    int exit = run("cleanup", "--wave-number", "1", "--force");

    assertOneLineError(exit, "cfn-wave cleanup: error: ", "--force");
  }

  @Test
  void badBooleanVariableExitsTwoWithOneLineNamingTheVariable() {
    int exit =
        run(
            Map.of("CFN_SPAWN_DRY_RUN", "maybe"),
            "spawn",
            "--wave-plan",
            "p.json",
            "--wave-number",
            "1");

    assertOneLineError(exit, "--dry-run", "'maybe'", "CFN_SPAWN_DRY_RUN");
  }

  @Test
  void badNumericVariableExitsTwoWithOneLine() {
    int exit =
        run(
            Map.of("CFN_SPAWN_PARALLEL_LIMIT", "many"),
            "spawn",
            "--wave-plan",
            "p.json",
            "--wave-number",
            "1");

    assertOneLineError(exit, "--parallel", "'many'");
  }

  @Test
  void badNumericVariableNamesTheVariable() {
    int exit =
        run(
            Map.of("CFN_SPAWN_PARALLEL_LIMIT", "many"),
            "spawn",
            "--wave-plan",
            "p.json",
            "--wave-number",
            "1");

    assertOneLineError(exit, "CFN_SPAWN_PARALLEL_LIMIT");
  }

  @Test
  void cleanupWithBothPreserveFailedFlagsExitsTwo() {
    int exit =
        run("cleanup", "--wave-number", "1", "--preserve-failed-logs", "--no-preserve-failed-logs");

    assertOneLineError(exit, "exclude each other");
  }

  @Test
  void cleanupWithBadPreserveFailedVariableExitsTwo() {
    int exit = run(Map.of("CFN_CLEANUP_PRESERVE_FAILED", "maybe"), "cleanup", "--wave-number", "1");

    assertOneLineError(exit, "CFN_CLEANUP_PRESERVE_FAILED");
  }

  @Test
  void missingRequiredOptionExitsTwo() {
    int exit = run("spawn", "--wave-number", "1");

    assertOneLineError(exit, "--wave-plan");
  }

  @Test
  void nonNumericWaveNumberExitsTwo() {
    int exit = run("spawn", "--wave-plan", "p.json", "--wave-number", "one");

    assertOneLineError(exit, "--wave-number", "one");
  }

  @Test
  void unknownCommandExitsTwo() {
    int exit = run("explode");

    assertOneLineError(exit, "explode");
  }

  @Test
  void cleanupWithoutSelectorExitsTwo() {
    int exit = run("cleanup");

    assertOneLineError(
        exit, "cfn-wave cleanup: error: ", "--wave-number", "--pattern", "--containers");
  }

  @Test
  void cleanupWithInvalidGlobExitsTwo() {
    int exit = run("cleanup", "--pattern", "cfn-wave[1-*");

    assertOneLineError(exit, "--pattern cfn-wave[1-*", "not a valid glob");
  }

  @Test
  void cleanupWithMissingManifestExitsTwo() {
    String missing = dir.resolve("spawned.json").toString();

    int exit = run("cleanup", "--containers", missing);

    assertOneLineError(exit, missing, "file not found");
  }

  @Test
  void monitorWithMissingManifestExitsTwo() {
    String missing = dir.resolve("spawned.json").toString();

    int exit = run("monitor", "--containers", missing);

    assertOneLineError(exit, "cfn-wave monitor: error: ", missing, "file not found");
  }

  @Test
  void monitorWithNonPositiveTimeoutExitsTwo() {
    int exit = run("monitor", "--containers", "spawned.json", "--timeout", "0");

    assertOneLineError(exit, "--timeout");
  }

  @Test
  void monitorWithManifestWithoutContainersExitsTwo() throws IOException {
    Path manifest = Files.writeString(dir.resolve("spawned.json"), "{\"wave_number\": 1}");

    int exit = run("monitor", "--containers", manifest.toString());

    assertOneLineError(exit, manifest.toString(), "$.containers");
  }

  @Test
  void stacktraceShowsTheTraceOfAnInputError() {
    String missing = dir.resolve("missing.json").toString();

    int exit = run("spawn", "--wave-plan", missing, "--wave-number", "1", "--stacktrace");

    assertThat(exit).isEqualTo(2);
    assertThat(errLines().get(0))
        .isEqualTo("cfn-wave spawn: error: " + missing + ": file not found");
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("PlanException", "\tat ");
  }

  @Test
  void helpersTakeStacktraceToo() {
    int exit = run("helpers", "manifest-entry", "c1", "b1", "99", "--stacktrace");

    assertThat(exit).isEqualTo(2);
    assertThat(errLines().get(0))
        .isEqualTo("cfn-wave helpers manifest-entry: error: TIER: unknown tier 99");
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("\tat ");
  }

  @Test
  void withoutStacktraceAnInputErrorIsOneLine() {
    int exit = run("helpers", "manifest-entry", "c1", "b1", "99");

    assertOneLineError(exit, "cfn-wave helpers manifest-entry: error: TIER: unknown tier 99");
  }

  /** The lines of option errors are kept word for word across the move to InputException. */
  @Test
  void optionErrorLinesAreExact() throws IOException {
    int exit =
        run("cleanup", "--wave-number", "1", "--preserve-failed-logs", "--no-preserve-failed-logs");

    assertThat(exit).isEqualTo(2);
    assertThat(errLines())
        .containsExactly(
            "cfn-wave cleanup: error: --preserve-failed-logs and --no-preserve-failed-logs"
                + " exclude each other");

    errBytes.reset();
    Path file = validPlan();
    exit =
        run(
            "spawn",
            "--wave-plan",
            file.toString(),
            "--wave-number",
            "1",
            "--workspace",
            dir.toString(),
            "--parallel",
            "0");

    assertThat(exit).isEqualTo(2);
    assertThat(errLines())
        .containsExactly("cfn-wave spawn: error: --parallel: must be at least 1, got 0");
  }
}
