package dev.cfnwave.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.engine.ContainerState;
import dev.cfnwave.engine.ContainerSummary;
import dev.cfnwave.it.support.RunTestSupport;
import dev.cfnwave.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The orchestrator dies at the worst moments (halted between create and start, a second Ctrl-C
 * while it stops its containers, kill -9 after SIGTERM): every file it leaves is whole, the run is
 * resumable, and the resumed run gives exactly one result per batch and leaves no container.
 */
public class CrashIT extends RunTestSupport {

  private static final String[] IDS = {"b0", "b1", "b2", "b3"};

  /** The exit status of a halt at a failpoint (see dev.cfnwave.backend.docker.Failpoint). */
  private static final int FAILPOINT_HALT = 99;

  /** The test-only switch that, with CFN_FAILPOINT, arms a failpoint in the child's JVM. */
  private static final String FAILPOINT_SWITCH = "-Dcfn.test.failpoints=true";

  private static final String COUNTED = "echo start >>/workspace/starts-$BATCH_ID";

  /** Far longer than any test waits: a container that swallows SIGTERM outlives every wait. */
  private static final String STOP_GRACE = "600";

  /**
   * A first attempt runs until its second SIGTERM: it swallows the first (so the stop that the
   * first signal to cfn-wave begins cannot end it within the grace) and exits 143 on the second
   * (the resumed run's stop). A later attempt ends at once. Starts and SIGTERMs are counted.
   */
  private static final String STUBBORN =
      "earlier=$(cat /workspace/starts-$BATCH_ID 2>/dev/null | wc -l); terms=0;"
          + " trap 'terms=$((terms+1)); echo term >>/workspace/terms-$BATCH_ID;"
          + " [ $terms -lt 2 ] || exit 143' TERM;"
          + " echo start >>/workspace/starts-$BATCH_ID;"
          + " if [ $earlier -gt 0 ]; then exit 0; fi;"
          + " while :; do sleep 0.1; done";

  /** Fails on an empty document and on anything after the first one. */
  private static final ObjectReader WHOLE_DOCUMENT =
      Json.MAPPER.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Test
  void aCrashBetweenCreateAndStartIsResumedWithoutADoubledContainer() throws Exception {
    Path plan = planOf(COUNTED + "; sleep 1");
    environment.put("CFN_FAILPOINT", "after-create:b2");
    environment.put("CFN_WAVE_JAVA_OPTS", FAILPOINT_SWITCH);
    List<EngineEvent> events;
    CliRun resumed;
    try (var watch = EngineEvents.of(runId)) {
      Process child = startChild(plan, "--parallel", "1", "--memory-budget", "1g");
      try {
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("crashed in time").isTrue();
      } finally {
        child.destroyForcibly();
      }
      assertThat(child.exitValue()).as(childErr()).isEqualTo(FAILPOINT_HALT);
      assertThat(childErr()).contains("failpoint after-create:b2 reached");
      assertThat(childOut()).as("no report").isEmpty();
      assertThat(containerOf("b2").state())
          .as("created, never started")
          .isEqualTo(ContainerState.CREATED);
      assertThat(linesOf("starts", "b2")).isZero();

      // In-process: this JVM never has the test switch, whatever the run's saved variables say.
      resumed = cfnWave("run", "--resume", runId, "--runs-dir", runsDir().toString());
      watch.awaitCount("destroy", IDS.length);
      events = watch.all();
    }

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertOneSuccessPerBatch(resumed.json());
    assertThat(batchesOf(events, "create")).as("one container per batch").containsOnly(IDS);
    assertThat(batchesOf(events, "create")).hasSize(IDS.length);
    assertThat(batchesOf(events, "start")).hasSize(IDS.length).containsOnly(IDS);
    for (String id : IDS) {
      assertThat(linesOf("starts", id)).as("runs of " + id).isEqualTo(1);
    }
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void theFailpointVariableWithoutTheTestSwitchHaltsNothing() throws Exception {
    environment.put("CFN_FAILPOINT", "after-create:b2");
    Process child = startChild(planOf(COUNTED), "--parallel", "1", "--memory-budget", "2g");
    try {
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("finished in time").isTrue();
    } finally {
      child.destroyForcibly();
    }

    assertThat(child.exitValue()).as(childErr()).isZero();
    assertThat(childErr()).doesNotContain("failpoint");
    assertOneSuccessPerBatch(Json.MAPPER.readTree(childOut()));
    for (String id : IDS) {
      assertThat(linesOf("starts", id)).as("runs of " + id).isEqualTo(1);
    }
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void spawnNeverHaltsAtAFailpoint() throws Exception {
    environment.put("CFN_FAILPOINT", "after-create:b2");
    environment.put("CFN_WAVE_JAVA_OPTS", FAILPOINT_SWITCH);
    Process child =
        startCfnWave(
            "spawn",
            "--wave-plan",
            planOf(COUNTED).toString(),
            "--wave-number",
            "1",
            "--workspace",
            workspace.toString(),
            "--run-id",
            runId,
            "--output",
            temp.resolve("spawned.json").toString());
    try {
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("finished in time").isTrue();
    } finally {
      child.destroyForcibly();
    }

    assertThat(child.exitValue()).as(childErr()).isZero();
    assertThat(childErr()).doesNotContain("failpoint");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(linesOf("starts", "b2")).as("b2 ran").isEqualTo(1));
  }

  @Test
  void aSecondCtrlCEndsTheRunWhileItStopsItsContainersAndLeavesItResumable() throws Exception {
    try (var watch = EngineEvents.of(runId)) {
      Process child = startRunOfStubbornBatches();
      try {
        signal("INT", child);
        awaitStoppingPhase(child);
        signal("INT", child);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("ended by the second Ctrl-C").isTrue();
      } finally {
        child.destroyForcibly();
      }

      assertThat(child.exitValue()).as(childErr()).isEqualTo(130);
      List<JsonNode> atCrash = assertLeftMidStop(child, watch);
      assertResumedOnce(watch, atCrash);
    }
  }

  /**
   * SIGHUP (the terminal closed) is handled as SIGTERM is: the run stops its containers, writes the
   * partial report and exits with 128 plus the signal; the resume runs the interrupted batches
   * once.
   */
  @ParameterizedTest
  @CsvSource({"TERM, 143", "HUP, 129"})
  void sigtermAndSighupStopTheRunAlikeAndLeaveItResumable(String signal, int exitCode)
      throws Exception {
    String gated = "until [ -f /workspace/release ]; do sleep 0.1; done";
    Path plan = plan(planJson("t", wave(1, batch("h1", 1, gated), batch("h2", 1, gated))));
    Process child = startChild(plan, "--memory-budget", "1g", "--stop-grace", "1");
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  !child.isAlive()
                      || (runningContainers() == 2 && journal("attempt_started").size() == 2));
      assertThat(child.isAlive()).as(childErr()).isTrue();
      signal(signal, child);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("stopped by SIG" + signal).isTrue();
    } finally {
      child.destroyForcibly();
    }

    assertThat(child.exitValue()).as(childErr()).isEqualTo(exitCode);
    assertThat(containersOfThisRun()).isEmpty();
    JsonNode report = read(runFolder(runId).resolve("report.json"));
    assertThat(report.get("status").asText()).isEqualTo("interrupted");
    assertThat(report.get("metrics").get("interrupted").asInt()).isEqualTo(2);

    Files.createFile(workspace.resolve("release"));
    CliRun resumed = cfnWave("run", "--resume", runId, "--runs-dir", runsDir().toString());

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.json().get("metrics").get("succeeded").asInt()).isEqualTo(2);
    assertThat(settlementsPerBatch())
        .containsOnlyKeys("h1", "h2")
        .allSatisfy((batch, count) -> assertThat(count).as(batch).isEqualTo(1));
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void killMinusNineAfterSigtermLeavesAResumableRun() throws Exception {
    try (var watch = EngineEvents.of(runId)) {
      Process child = startRunOfStubbornBatches();
      try {
        signal("TERM", child);
        awaitStoppingPhase(child);
        signal("KILL", child);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("killed").isTrue();
      } finally {
        child.destroyForcibly();
      }

      assertThat(child.exitValue()).as(childErr()).isEqualTo(128 + 9);
      List<JsonNode> atCrash = assertLeftMidStop(child, watch);
      assertResumedOnce(watch, atCrash);
    }
  }

  /** Four containers that swallow their first SIGTERM, all running and journaled as started. */
  private Process startRunOfStubbornBatches() throws IOException {
    Path plan = planOf(STUBBORN);
    Process child =
        startChild(plan, "--parallel", "4", "--memory-budget", "4g", "--stop-grace", STOP_GRACE);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  !child.isAlive()
                      || (runningContainers() == IDS.length
                          && journal("attempt_started").size() == IDS.length
                          && allBatches(id -> linesOf("starts", id) == 1)));
      assertThat(child.isAlive()).as(childErr()).isTrue();
      return child;
    } catch (RuntimeException | Error e) {
      child.destroyForcibly();
      throw e;
    }
  }

  /**
   * Until every container got the SIGTERM of the stop the first signal began, each stop journaled:
   * cfn-wave now waits for containers that do not end within the grace, so it is still alive and
   * stopping when the next signal comes.
   */
  private void awaitStoppingPhase(Process child) throws IOException {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                !child.isAlive()
                    || (journal("attempt_stopping").size() == IDS.length
                        && allBatches(id -> linesOf("terms", id) == 1)));
    assertThat(child.isAlive()).as(childErr()).isTrue();
    assertThat(runningContainers()).isEqualTo(IDS.length);
  }

  /**
   * What a process ended by its second signal leaves, and an orderly exit does not: no report, no
   * wave results, its own orchestrator.json, containers still running, and a journal that stops at
   * the stops. Each file is whole. Returns the journal's entries.
   */
  private List<JsonNode> assertLeftMidStop(Process child, EngineEvents watch) throws Exception {
    assertThat(childOut()).as("an orderly exit prints the report").isEmpty();
    assertThat(containersOfThisRun())
        .as("an orderly exit waits for the containers to stop")
        .hasSize(IDS.length)
        .allSatisfy(c -> assertThat(c.state()).isEqualTo(ContainerState.RUNNING));
    Path folder = runFolder(runId);
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()))
          .as("no report, no wave results, no temporary file")
          .containsExactlyInAnyOrder(
              "plan.json", "invocation.json", "orchestrator.json", "journal.jsonl", "images.json");
    }

    JsonNode plan = wholeObject(folder.resolve("plan.json"));
    assertThat(plan.get("task_id").asText()).isEqualTo("t");
    assertThat(plan.get("waves").get(0).get("batches")).hasSize(IDS.length);
    JsonNode invocation = wholeObject(folder.resolve("invocation.json"));
    assertThat(invocation.get("args").isArray()).isTrue();
    assertThat(invocation.get("args").toString()).contains("\"" + runId + "\"");
    assertThat(invocation.get("environment").isObject()).isTrue();
    JsonNode orchestrator = wholeObject(folder.resolve("orchestrator.json"));
    assertThat(orchestrator.get("pid").asLong()).as("still claims the run").isEqualTo(child.pid());
    assertThat(orchestrator.get("started_at").asText()).isNotEmpty();
    assertThat(orchestrator.get("host").asText()).isNotEmpty();

    String text = Files.readString(folder.resolve("journal.jsonl"));
    assertThat(text).as("last line whole").endsWith("\n");
    List<JsonNode> journal = new ArrayList<>();
    for (String line : text.lines().toList()) {
      JsonNode entry = WHOLE_DOCUMENT.readValue(line);
      assertThat(entry.isObject()).as(line).isTrue();
      assertThat(entry.get("at")).as(line).isNotNull();
      journal.add(entry);
    }
    List<String> types = journal.stream().map(e -> e.get("type").asText()).toList();
    assertThat(types.getFirst()).isEqualTo("run_started");
    assertThat(types).doesNotContain("attempt_ended", "batch_settled", "run_finished");
    for (ContainerSummary container : containersOfThisRun()) {
      String id = container.labels().get(CfnLabels.BATCH_ID);
      List<JsonNode> ofBatch =
          journal.stream().filter(e -> id.equals(e.path("batch_id").asText())).toList();
      assertThat(ofBatch)
          .extracting(e -> e.get("type").asText())
          .as(id)
          .containsExactly("attempt_starting", "attempt_started", "attempt_stopping");
      JsonNode stopping = ofBatch.get(2);
      assertThat(stopping.get("attempt").asInt()).isEqualTo(1);
      assertThat(stopping.get("handle").asText()).isEqualTo(container.id());
      assertThat(stopping.get("backend").asText()).isEqualTo("docker");
      assertThat(stopping.get("error").asText()).isEqualTo("interrupted");
      assertThat(firstSigtermOf(watch, id))
          .as("the engine's SIGTERM to " + id + " comes after the journal's stopping entry")
          .isGreaterThanOrEqualTo(nanos(stopping.get("at").asText()));
    }
    return journal;
  }

  /**
   * The resume finishes the stops (the containers end 143 on their second SIGTERM), counts those
   * attempts as interrupted rather than failed, and runs each batch once more.
   */
  private void assertResumedOnce(EngineEvents watch, List<JsonNode> atCrash) throws Exception {
    CliRun resumed = cfnWave("run", "--resume", runId, "--runs-dir", runsDir().toString());
    watch.awaitCount("destroy", 2 * IDS.length);

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    JsonNode report = resumed.json();
    assertThat(report.get("status").asText()).isEqualTo("succeeded");
    assertThat(report.get("batches")).hasSize(IDS.length);
    for (JsonNode batch : report.get("batches")) {
      assertThat(batch.get("final_status").asText()).isEqualTo("success");
      JsonNode attempts = batch.get("attempts");
      assertThat(attempts).hasSize(2);
      assertThat(attempts.get(0).get("error").asText()).isEqualTo("interrupted");
      assertThat(attempts.get(0).get("exit_code").asLong()).isEqualTo(143);
      assertThat(attempts.get(1).get("exit_status").asText()).isEqualTo("success");
    }
    assertThat(settlementsPerBatch())
        .containsOnlyKeys(IDS)
        .allSatisfy((b, n) -> assertThat(n).isEqualTo(1));
    for (String id : IDS) {
      assertThat(linesOf("starts", id)).as("runs of " + id).isEqualTo(2);
      assertThat(linesOf("terms", id)).as("SIGTERMs to " + id).isEqualTo(2);
    }
    assertThat(batchesOf(watch.all(), "start")).hasSize(2 * IDS.length);
    assertThat(journal().subList(0, atCrash.size())).as("append-only").isEqualTo(atCrash);
    assertThat(wholeObject(runFolder(runId).resolve("report.json"))).isEqualTo(report);
    assertThat(containersOfThisRun()).isEmpty();
  }

  private static JsonNode wholeObject(Path file) throws IOException {
    assertThat(file).as("exists").isRegularFile();
    assertThat(file).as("not empty").isNotEmptyFile();
    JsonNode document = WHOLE_DOCUMENT.readValue(Files.readString(file));
    assertThat(document.isObject()).as(file + " is a JSON object").isTrue();
    return document;
  }

  private static long firstSigtermOf(EngineEvents watch, String batchId) {
    return watch.withAction("kill").stream()
        .filter(e -> batchId.equals(e.label(CfnLabels.BATCH_ID)))
        .filter(e -> "15".equals(e.label("signal")))
        .mapToLong(EngineEvent::timeNano)
        .min()
        .orElseThrow(() -> new AssertionError("no SIGTERM to " + batchId));
  }

  private static long nanos(String instant) {
    Instant at = Instant.parse(instant);
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }

  private interface BatchCheck {
    boolean holds(String batchId) throws IOException;
  }

  private static boolean allBatches(BatchCheck check) throws IOException {
    for (String id : IDS) {
      if (!check.holds(id)) {
        return false;
      }
    }
    return true;
  }

  private Path planOf(String script) {
    return plan(
        planJson(
            "t",
            wave(
                1,
                batch(IDS[0], 1, script),
                batch(IDS[1], 1, script),
                batch(IDS[2], 1, script),
                batch(IDS[3], 1, script))));
  }

  private static void assertOneSuccessPerBatch(JsonNode report) {
    assertThat(report.get("status").asText()).isEqualTo("succeeded");
    assertThat(report.get("batches")).hasSize(IDS.length);
    for (JsonNode batch : report.get("batches")) {
      assertThat(batch.get("final_status").asText()).isEqualTo("success");
      assertThat(batch.get("attempts")).hasSize(1);
    }
  }

  private ContainerSummary containerOf(String batchId) {
    return containersOfThisRun().stream()
        .filter(c -> batchId.equals(c.labels().get(CfnLabels.BATCH_ID)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container of batch " + batchId));
  }

  private static List<String> batchesOf(List<EngineEvent> events, String action) {
    return events.stream()
        .filter(e -> e.action().equals(action))
        .map(e -> e.label(CfnLabels.BATCH_ID))
        .toList();
  }

  public static void signal(String name, Process process) throws Exception {
    new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor();
  }
}
