package dev.cfnwave.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.engine.CfnLabels;
import dev.cfnwave.engine.ContainerState;
import dev.cfnwave.engine.ContainerSummary;
import dev.cfnwave.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator dies at the worst moments (kill -9 between create and start, a second Ctrl-C,
 * SIGTERM then kill -9): what it leaves is always resumable, its result files are whole JSON
 * documents, and the resumed run gives exactly one result per batch and leaves no container.
 */
class CrashIT extends RunTestSupport {

  private static final String[] IDS = {"b0", "b1", "b2", "b3"};

  @Test
  void aCrashBetweenCreateAndStartIsResumedWithoutADoubledContainer() throws Exception {
    Path plan = planOf("sleep 1");
    environment.put("CFN_FAILPOINT", "after-create:b2");
    List<EngineEvent> events;
    CliRun resumed;
    try (var watch = EngineEvents.of(runId)) {
      Process child = startChild(plan, "--parallel", "1", "--memory-budget", "1g");
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("crashed in time").isTrue();
      assertThat(child.exitValue()).as(childErr()).isEqualTo(137);
      assertThat(childErr()).contains("failpoint after-create:b2 reached");
      ContainerSummary b2 = containerOf("b2");
      assertThat(b2.state()).as("created, never started").isEqualTo(ContainerState.CREATED);
      environment.remove("CFN_FAILPOINT");

      resumed = cfnWave("run", "--resume", runId, "--runs-dir", runsDir().toString());
      watch.awaitCount("destroy", IDS.length);
      events = watch.all();
    }

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertOneSuccessPerBatch(resumed.json());
    assertThat(batchesOf(events, "create")).as("one container per batch").containsOnly(IDS);
    assertThat(batchesOf(events, "create")).hasSize(IDS.length);
    assertThat(batchesOf(events, "start")).hasSize(IDS.length).containsOnly(IDS);
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void ctrlCTwiceLeavesAResumableRunWithWholeResultFiles() throws Exception {
    Process child = startRunOfLongBatches();
    signal("INT", child);
    Thread.sleep(200);
    signal("INT", child);

    assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("exited after the second Ctrl-C").isTrue();
    assertThat(child.exitValue()).as(childErr()).isEqualTo(130);
    assertResumableWithWholeFiles();
  }

  @Test
  void sigtermThenKillMinusNineLeavesAResumableRunWithWholeResultFiles() throws Exception {
    Process child = startRunOfLongBatches();
    signal("TERM", child);
    Thread.sleep(300);
    child.destroyForcibly();

    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(childErr()).isIn(137, 143);
    assertResumableWithWholeFiles();
  }

  private Process startRunOfLongBatches() throws IOException {
    Path plan = planOf("trap 'exit 143' TERM; sleep 8 & wait $!; echo finished");
    Process child = startChild(plan, "--parallel", "4", "--memory-budget", "4g");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> runningContainers() >= 3 || !child.isAlive());
    assertThat(child.isAlive()).as(childErr()).isTrue();
    return child;
  }

  private void assertResumableWithWholeFiles() throws IOException {
    Path folder = runFolder(runId);
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path json : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        assertThat(Json.MAPPER.readTree(Files.readString(json))).as(json.toString()).isNotNull();
      }
    }
    List<String> journal = Files.readAllLines(folder.resolve("journal.jsonl"));
    journal.forEach(RunTestSupport::readLine);

    CliRun resumed = cfnWave("run", "--resume", runId, "--runs-dir", runsDir().toString());

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    JsonNode report = resumed.json();
    assertThat(report.get("status").asText()).isEqualTo("succeeded");
    assertThat(report.get("batches")).hasSize(IDS.length);
    for (JsonNode batch : report.get("batches")) {
      assertThat(batch.get("final_status").asText()).isEqualTo("success");
    }
    assertThat(settlementsPerBatch())
        .containsOnlyKeys(IDS)
        .allSatisfy((b, n) -> assertThat(n).isEqualTo(1));
    assertThat(read(folder.resolve("report.json")).get("status").asText()).isEqualTo("succeeded");
    assertThat(containersOfThisRun()).isEmpty();
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

  static void signal(String name, Process process) throws Exception {
    new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor();
  }
}
