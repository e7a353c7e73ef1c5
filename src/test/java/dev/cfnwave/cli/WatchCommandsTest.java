package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.report.Json;
import dev.cfnwave.report.OrchestratorIdentity;
import dev.cfnwave.run.journal.Journal;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.testing.JsonSchemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** runs, status and logs from the command line, on run folders made here, with no engine. */
class WatchCommandsTest {

  /** An engine address nothing answers at. */
  private static final Map<String, String> NO_ENGINE =
      Map.of("DOCKER_HOST", "unix:///nonexistent/cfn-wave-test.sock");

  @TempDir Path temp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int cfnWave(String... args) {
    return Main.run(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        NO_ENGINE,
        args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private JsonNode json() throws Exception {
    return Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
  }

  /**
   * A run of one batch, b, whose one attempt runs (handle hb) under this JVM as orchestrator, on an
   * engine that does not answer (as its recorded DOCKER_HOST says).
   */
  private Path runningRun(String id) throws Exception {
    Path plan =
        Files.writeString(
            temp.resolve(id + ".json"),
            "{\"task_id\": \"t\", \"waves\": [{\"wave_number\": 1, \"batches\": ["
                + "{\"batch_id\": \"b\", \"tier\": 1, \"files\": [], \"task_prompt\": \"x\"}]}]}");
    Path folder = temp.resolve("runs").resolve(id);
    RunFolder.create(folder, plan, List.of("run", "--wave-plan", "plan.json"), NO_ENGINE);
    Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
    try (Journal journal = Journal.open(folder.resolve(RunFolder.JOURNAL))) {
      journal.append(JournalEntry.runStarted(t0, "2g"));
      journal.append(entry(JournalEntry.ATTEMPT_STARTING, t0.plusSeconds(1), null));
      journal.append(entry(JournalEntry.ATTEMPT_STARTED, t0.plusSeconds(2), "hb"));
    }
    OrchestratorIdentity.current().writeTo(folder);
    return folder;
  }

  private static JournalEntry entry(String type, Instant at, String handle) {
    return new JournalEntry(
        type,
        at.toString(),
        "b",
        1,
        "cfn-wave1-b-r1",
        null,
        handle,
        1,
        "512m",
        null,
        null,
        null,
        handle == null ? null : at.toString(),
        null,
        null,
        null,
        null,
        null);
  }

  private String runsDir() {
    return temp.resolve("runs").toString();
  }

  @Test
  void runsListsTheRunsAsJsonAndATable() throws Exception {
    runningRun("r1");

    int exit = cfnWave("runs", "--runs-dir", runsDir());

    assertThat(exit).as(err()).isZero();
    JsonSchemas.requireValid(JsonSchemas.RUNS, "runs' output", json());
    JsonNode run = json().get("runs").get(0);
    assertThat(run.get("run_id").asText()).isEqualTo("r1");
    assertThat(run.get("state").asText()).isEqualTo("running");
    assertThat(run.get("batches").get("running").asInt()).isEqualTo(1);
    assertThat(err()).startsWith("run ").contains("r1").contains("1 running");
  }

  @Test
  void runsWithABadLimitIsOneLineAndExit2() {
    assertThat(cfnWave("runs", "--runs-dir", runsDir(), "--limit", "0")).isEqualTo(2);
    assertThat(err().lines())
        .containsExactly("cfn-wave runs: error: --limit 0: must be at least 1");
    assertThat(out.size()).isZero();
  }

  @Test
  void statusOfTheNewestRunAnswersFromTheJournalWithoutAnEngine() throws Exception {
    runningRun("r1");

    int exit = cfnWave("status", "--runs-dir", runsDir());

    assertThat(exit).as(err()).isZero();
    JsonNode status = json();
    JsonSchemas.requireValid(JsonSchemas.RUN_STATUS, "status' output", status);
    assertThat(status.get("run_id").asText()).isEqualTo("r1");
    assertThat(status.get("running").get(0).get("handle").asText()).isEqualTo("hb");
    assertThat(status.get("engine").get("consulted").asBoolean()).isFalse();
    assertThat(err())
        .contains("run r1 (task t) running")
        .contains("engine: from the journal alone: no engine answered");
  }

  @Test
  void statusOfAFolderThatIsNoRunIsOneLineAndExit2() throws Exception {
    Path notARun = Files.createDirectories(temp.resolve("runs/x"));

    assertThat(cfnWave("status", notARun.toString())).isEqualTo(2);
    assertThat(err().lines())
        .containsExactly(
            "cfn-wave status: error: " + notARun + ": not a run folder (no invocation.json)");
  }

  @Test
  void statusOfAnUnknownRunIdOrAnEmptyRunsFolderIsExit2() throws Exception {
    Files.createDirectories(temp.resolve("runs"));

    assertThat(cfnWave("status", "nope", "--runs-dir", runsDir())).isEqualTo(2);
    assertThat(cfnWave("status", "--runs-dir", runsDir())).isEqualTo(2);
    assertThat(err().lines())
        .containsExactly(
            "cfn-wave status: error: RUN_ID_OR_DIR nope: neither a folder nor a run under "
                + runsDir(),
            "cfn-wave status: error: --runs-dir " + runsDir() + ": no run folder in it");
  }

  @Test
  void logsOfAnUnknownBatchNamesIt() throws Exception {
    runningRun("r1");

    assertThat(cfnWave("logs", "r1", "zz", "--runs-dir", runsDir())).isEqualTo(2);
    assertThat(err().lines())
        .containsExactly("cfn-wave logs: error: BATCH zz: no such batch in run r1; its batches: b");
  }

  @Test
  void logsOfARunningAttemptWithoutAnEngineIsExit2() throws Exception {
    runningRun("r1");

    assertThat(cfnWave("logs", "r1", "b", "--runs-dir", runsDir())).isEqualTo(2);
    assertThat(err()).contains("batch b attempt 1: its container's log from the engine");
    assertThat(out.size()).isZero();
  }

  @Test
  void logsParsesItsOptions() {
    var commandLine = Main.commandLine(System.out, System.err, Map.of());
    var result =
        commandLine.parseArgs(
            "logs", "r1", "b", "--attempt", "2", "--follow", "--backend", "swarm");
    LogsCommand logs = (LogsCommand) result.subcommand().commandSpec().userObject();
    assertThat(logs.run).isEqualTo("r1");
    assertThat(logs.batch).isEqualTo("b");
    assertThat(logs.attempt).isEqualTo(2);
    assertThat(logs.follow).isTrue();
    assertThat(logs.backend).isEqualTo("swarm");
  }

  @Test
  void logsWithoutABatchIsAUsageError() {
    assertThat(cfnWave("logs", "r1")).isEqualTo(2);
    assertThat(err()).contains("Missing required parameter: 'BATCH'");
  }
}
