package dev.cfnwave.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.it.support.SwarmRig;
import dev.cfnwave.it.support.SwarmTestSupport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults of a run on the three-node rig: a worker's machine dies mid-run, the orchestrator is
 * killed with SIGKILL and resumed, cleanup after a spawn, and an OOM kill that only the node's own
 * engine can confirm. The manager node is drained while each test runs, so that tasks land on the
 * workers (whose engines the tests can kill or leave unnamed).
 */
class SwarmFaultsIT extends SwarmTestSupport {

  /** Counts its starts, then runs until the test writes its exit code to the workspace. */
  private static final String GATED =
      "echo start >>/workspace/starts-$BATCH_ID;"
          + " until [ -f /workspace/exit-$BATCH_ID ]; do sleep 0.1; done;"
          + " exit $(cat /workspace/exit-$BATCH_ID)";

  /** Holds one 32 MiB buffer: OOM-killed under a 16m limit, done under 64m. */
  private static final String HUNGRY =
      "echo start; exec dd if=/dev/zero bs=32M count=1 of=/dev/null";

  private final List<Integer> killed = new ArrayList<>();

  @BeforeEach
  void onTheWorkersOnly() {
    docker("node", "update", "--availability", "drain", rig.get("MANAGER_NODE_ID"));
  }

  @AfterEach
  void restoreTheRig() {
    try {
      for (int worker : killed) {
        SwarmRig.startWorker(worker);
      }
    } finally {
      docker("node", "update", "--availability", "active", rig.get("MANAGER_NODE_ID"));
      removeServicesOfThisTest();
    }
  }

  @Test
  void aWorkerLostMidRunFailsItsBatchesAsLostAndTheRunRetriesThemAndFinishes() throws Exception {
    List<String> ids = List.of("b0", "b1", "b2", "b3");
    Path plan = gatedPlan(ids);

    CompletableFuture<CliRun> running =
        CompletableFuture.supplyAsync(
            () -> cfnWave(swarmRunArguments(plan, "--retries", "1", "--backoff", "0.2")));
    awaitStarted(running, ids);
    int victim = workerRunningMost();
    List<String> lost = batchesOn(victim);
    assertThat(lost).as("batches on worker %d", victim).isNotEmpty();

    SwarmRig.killWorker(victim);
    killed.add(victim);
    for (String id : ids) {
      exitWith(id, 0);
    }
    CliRun run = running.get(180, TimeUnit.SECONDS);

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = run.json();
    String victimNode = rig.get("WORKER" + victim + "_NODE_ID");
    for (String id : ids) {
      JsonNode batch = byBatch(report, id);
      JsonNode attempts = batch.get("attempts");
      assertThat(batch.get("final_status").asText()).as(id).isEqualTo("success");
      if (lost.contains(id)) {
        assertThat(attempts).as(id).hasSize(2);
        JsonNode first = attempts.get(0);
        assertThat(first.get("exit_status").asText()).isEqualTo("failed");
        assertThat(first.get("exit_code").isNull()).as(first.toString()).isTrue();
        assertThat(first.get("error").asText()).startsWith("node lost: node " + victimNode);
        assertThat(linesOf("starts", id)).as("runs of " + id).isEqualTo(2);
      } else {
        assertThat(attempts).as(id).hasSize(1);
        assertThat(linesOf("starts", id)).as("runs of " + id).isEqualTo(1);
      }
    }
    assertThat(settlementsPerBatch())
        .containsOnlyKeys(ids)
        .allSatisfy((batch, count) -> assertThat(count).as(batch).isEqualTo(1));
    assertThat(servicesOfThisRun()).isEmpty();
  }

  @Test
  void killMinusNineThenResumeOnSwarmGivesOneResultPerBatchAndOneServicePerBatch()
      throws Exception {
    List<String> ids = List.of("b0", "b1", "b2", "b3", "b4", "b5");
    Path plan = gatedPlan(ids);
    String since = String.valueOf(System.currentTimeMillis() / 1000 - 1);
    // Two 512m batches fit the budget at a time; --keep-going, so one failure stops nothing.
    Process child = startCfnWave(swarmRunArguments(plan, "--memory-budget", "1g", "--keep-going"));
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  !child.isAlive()
                      || (journal("attempt_started").size() == 2 && startedCount(ids) == 2));
      assertThat(child.isAlive()).as(childErr()).isTrue();
      ProcessHandle handle = child.toHandle();
      child.destroyForcibly();
      assertThat(handle.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    } finally {
      child.destroyForcibly();
    }
    List<String> running =
        servicesOfThisRun().stream()
            .filter(s -> !s.hasEnded())
            .map(s -> s.labels().get(CfnLabels.BATCH_ID))
            .sorted()
            .toList();
    assertThat(running).as("left running by the killed run").hasSize(2);
    String ended = running.get(0);
    String reattached = running.get(1);
    // One ends (exit 3) while no orchestrator runs; the resume must collect it.
    exitWith(ended, 3);
    await().atMost(Duration.ofSeconds(60)).until(() -> serviceOf(ended).hasEnded());
    for (String id : ids) {
      if (!running.contains(id)) {
        exitWith(id, 0);
      }
    }

    CompletableFuture<CliRun> resuming =
        CompletableFuture.supplyAsync(
            () -> cfnWave("run", "--resume", runId, "--runs-dir", runsDir().toString()));
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                resuming.isDone()
                    || journal("attempt_ended").stream()
                        .anyMatch(e -> ended.equals(e.get("batch_id").asText())));
    assertThat(resuming.isDone())
        .as(() -> "still waiting for " + reattached + ": " + resuming.join())
        .isFalse();
    assertThat(serviceOf(reattached).hasEnded()).isFalse();
    exitWith(reattached, 0);
    CliRun resumed = resuming.get(180, TimeUnit.SECONDS);

    assertThat(resumed.exitCode()).as(resumed.err() + resumed.out()).isEqualTo(1);
    JsonNode report = resumed.json();
    assertThat(report.get("batches")).hasSize(ids.size());
    for (String id : ids) {
      JsonNode batch = byBatch(report, id);
      int code = id.equals(ended) ? 3 : 0;
      assertThat(batch.get("final_status").asText())
          .as(id)
          .isEqualTo(code == 0 ? "success" : "failed");
      assertThat(batch.get("attempts")).as(id).hasSize(1);
      assertThat(batch.get("attempts").get(0).get("exit_code").asLong()).as(id).isEqualTo(code);
      assertThat(linesOf("starts", id)).as("runs of " + id).isEqualTo(1);
    }
    assertThat(settlementsPerBatch())
        .containsOnlyKeys(ids)
        .allSatisfy((batch, count) -> assertThat(count).as(batch).isEqualTo(1));
    assertThat(servicesOfThisRun()).isEmpty();
    String until = String.valueOf(System.currentTimeMillis() / 1000 + 1);
    List<String> created =
        docker(
                "events",
                "--since",
                since,
                "--until",
                until,
                "--filter",
                "type=service",
                "--filter",
                "event=create",
                "--format",
                "{{.Actor.Attributes.name}}")
            .lines()
            .filter(name -> name.endsWith(runId))
            .toList();
    assertThat(created)
        .as("one service created per batch")
        .containsExactlyInAnyOrderElementsOf(
            ids.stream().map(id -> "cfn-wave1-" + id + "-" + runId).toList());
  }

  @Test
  void cleanupRemovesTheSpawnedServicesByLabelAndSparesAnUnlabelledLookAlike() {
    String taskId = "t" + runId;
    Path plan =
        plan(planJson(taskId, wave(1, batch("c1", 1, "sleep 600"), batch("c2", 1, "sleep 600"))));
    CliRun spawned = spawn(plan, 1, "--backend", "swarm", "--base-image", AGENT_IMAGE);
    assertThat(spawned.exitCode()).as(spawned.err()).isZero();
    assertThat(servicesOfThisRun()).hasSize(2);
    String lookAlike = "cfn-wave1-lookalike-" + runId;
    docker(
        "service",
        "create",
        "-d",
        "--name",
        lookAlike,
        "--label",
        TEST_LABEL + "=" + runId,
        "--label",
        CfnLabels.TASK_ID + "=" + taskId,
        "--restart-condition",
        "none",
        "cfn-wave/busybox:latest",
        "sleep",
        "600");

    CliRun cleanup =
        cfnWave("cleanup", "--backend", "swarm", "--task-id", taskId, "--no-preserve-failed-logs");

    assertThat(cleanup.exitCode()).as(cleanup.err()).isZero();
    assertThat(cleanup.json().get("containers_removed").asInt()).isEqualTo(2);
    assertThat(servicesOfThisRun()).isEmpty();
    assertThat(docker("service", "ls", "--filter", "name=" + lookAlike, "--format", "{{.Name}}"))
        .contains(lookAlike);
  }

  @Test
  void anOomKillConfirmedByTheNodesEngineIsOomKilledAndEscalatesOneTierUp() {
    environment.put("CFN_TIER_1_MEMORY", "16m");
    environment.put("CFN_TIER_2_MEMORY", "64m");
    environment.put(
        "CFN_SWARM_NODE_ENGINES",
        rig.get("WORKER1_NODE_ID")
            + "="
            + rig.get("WORKER1_SOCKET")
            + ","
            + rig.get("WORKER2_NODE_ID")
            + "="
            + rig.get("WORKER2_SOCKET"));
    Path plan = plan(planJson("t", wave(1, batch("hungry", 1, HUNGRY))));

    CliRun run =
        cfnWave(swarmRunArguments(plan, "--retries", "1", "--backoff", "0.2", "--escalate-memory"));

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    JsonNode attempts = byBatch(run.json(), "hungry").get("attempts");
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).get("exit_status").asText()).isEqualTo("oom_killed");
    assertThat(attempts.get(0).get("exit_code").asLong()).isEqualTo(137);
    assertThat(attempts.get(0).get("memory_limit").asText()).isEqualTo("16m");
    assertThat(attempts.get(0).get("error").asText()).startsWith("OOM-killed (node ");
    assertThat(attempts.get(1).get("exit_status").asText()).isEqualTo("success");
    assertThat(attempts.get(1).get("memory_limit").asText()).isEqualTo("64m");
    assertThat(servicesOfThisRun()).isEmpty();
  }

  @Test
  void anOomKillNoEngineCanConfirmIsAFailureThatSaysWhat137MeansAndDoesNotEscalate() {
    environment.put("CFN_TIER_1_MEMORY", "16m");
    environment.put("CFN_TIER_2_MEMORY", "64m");
    Path plan = plan(planJson("t", wave(1, batch("hungry", 1, HUNGRY))));

    CliRun run =
        cfnWave(swarmRunArguments(plan, "--retries", "1", "--backoff", "0.2", "--escalate-memory"));

    assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(1);
    JsonNode hungry = byBatch(run.json(), "hungry");
    assertThat(hungry.get("final_status").asText()).isEqualTo("failed");
    JsonNode attempts = hungry.get("attempts");
    assertThat(attempts).hasSize(2);
    for (JsonNode attempt : attempts) {
      assertThat(attempt.get("exit_status").asText()).isEqualTo("failed");
      assertThat(attempt.get("exit_code").asLong()).isEqualTo(137);
      assertThat(attempt.get("memory_limit").asText()).as("no escalation").isEqualTo("16m");
      assertThat(attempt.get("error").asText())
          .startsWith("killed (exit 137): OOM not confirmable on swarm");
    }
    assertThat(servicesOfThisRun()).isEmpty();
  }

  // --- helpers ---

  private Path gatedPlan(List<String> ids) {
    return plan(
        planJson("t", wave(1, ids.stream().map(id -> batch(id, 1, GATED)).toArray(String[]::new))));
  }

  private void awaitStarted(CompletableFuture<CliRun> run, List<String> ids) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> run.isDone() || startedCount(ids) == ids.size());
    assertThat(run.isDone()).as("the run ended before its batches started").isFalse();
  }

  private long startedCount(List<String> ids) throws IOException {
    long started = 0;
    for (String id : ids) {
      started += linesOf("starts", id) > 0 ? 1 : 0;
    }
    return started;
  }

  /** The worker that runs the most of this run's tasks. */
  private int workerRunningMost() {
    return batchesOn(1).size() >= batchesOn(2).size() ? 1 : 2;
  }

  /** The batches whose tasks the worker runs now. */
  private List<String> batchesOn(int worker) {
    String prefix = "cfn-wave1-";
    String suffix = "-" + runId;
    return docker(
            "node",
            "ps",
            rig.get("WORKER" + worker + "_NODE_ID"),
            "--filter",
            "desired-state=running",
            "--format",
            "{{.Name}}")
        .lines()
        .map(task -> task.substring(0, task.lastIndexOf('.')))
        .filter(service -> service.startsWith(prefix) && service.endsWith(suffix))
        .map(service -> service.substring(prefix.length(), service.length() - suffix.length()))
        .toList();
  }

  private AttemptStatus serviceOf(String batchId) {
    return servicesOfThisRun().stream()
        .filter(s -> batchId.equals(s.labels().get(CfnLabels.BATCH_ID)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no service of batch " + batchId));
  }

  /** Removes what this test made on the manager, by its labels, even when it failed. */
  private void removeServicesOfThisTest() {
    for (String label : List.of(CfnLabels.RUN_ID + "=" + runId, TEST_LABEL + "=" + runId)) {
      List<String> ids =
          docker("service", "ls", "-q", "--filter", "label=" + label).lines().toList();
      if (!ids.isEmpty()) {
        List<String> rm = new ArrayList<>(List.of("service", "rm"));
        rm.addAll(ids);
        docker(rm.toArray(String[]::new));
      }
    }
  }
}
