package dev.cfnwave.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.NodeCapacity;
import dev.cfnwave.backend.open.Backends;
import dev.cfnwave.it.support.SwarmTestSupport;
import dev.cfnwave.report.Json;
import dev.cfnwave.testing.JsonSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * run --backend swarm on the three-node rig with attempts Swarm cannot start: one no node has the
 * memory for stays pending with Swarm's reason until --pending-timeout rejects it; one whose bind
 * source is gone from the node is rejected with the engine's error after one attempt despite
 * retries; one whose image only the manager has, kept off the manager, is rejected naming the
 * worker. Blocker services (this test's label, not cfn-wave's) hold node memory; they and any image
 * tag the test made are removed after each test.
 */
class SwarmTaskStatesIT extends SwarmTestSupport {

  private static final String NO_ROOM = "insufficient resources on 3 nodes";

  /** Runs until stopped, and ends at once on SIGTERM. */
  private static final String SLEEPER = "trap 'exit 0' TERM; sleep 600 & wait";

  /** A memory reservation that two of cannot share a node: more than half the smallest node. */
  private static long half;

  private final List<String> blockers = new ArrayList<>();
  private String extraTag;

  @BeforeAll
  static void measureTheNodes() {
    try (Backend swarm =
        Backends.open(
            "swarm", Map.of("DOCKER_HOST", managerSocket()), Duration.ofSeconds(30), false)) {
      long smallest =
          swarm.capacity().stream().mapToLong(NodeCapacity::memoryBytes).min().orElseThrow();
      half = (smallest * 11 / 20) >> 20 << 20;
    }
  }

  @AfterEach
  void removeBlockersAndTag() throws Exception {
    removeBlockers();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> docker("ps", "-aq", "--filter", "label=" + TEST_LABEL + "=" + runId).isEmpty());
    if (extraTag != null) {
      docker("rmi", extraTag);
    }
  }

  @Test
  void aBatchNoNodeHasTheMemoryForShowsWhyAndIsRejectedAtThePendingLimit() throws Exception {
    block(rig.get("MANAGER_NODE_ID"), rig.get("WORKER1_NODE_ID"), rig.get("WORKER2_NODE_ID"));

    CliRun run = cfnWave(bigBatchArguments(workspace, AGENT_IMAGE, "--pending-timeout", "5"));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains("is pending, not started yet: no suitable node (" + NO_ROOM);
    JsonNode big = onlyBatch(run.json());
    assertThat(big.get("final_status").asText()).isEqualTo("rejected");
    assertThat(big.get("attempts")).hasSize(1);
    JsonNode attempt = big.get("attempts").get(0);
    assertThat(attempt.get("exit_status").asText()).isEqualTo("rejected");
    assertThat(attempt.get("error").asText())
        .startsWith("not started within --pending-timeout: no suitable node (" + NO_ROOM);
    assertNoServiceLeft();
    requireValidRunFolder();
  }

  @Test
  void aBatchWhoseBindSourceIsGoneIsRejectedOnceWithTheEnginesError() throws Exception {
    block(rig.get("MANAGER_NODE_ID"), rig.get("WORKER1_NODE_ID"), rig.get("WORKER2_NODE_ID"));
    Path vanishing = Files.createDirectories(temp.resolve("vanishing"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CompletableFuture<CliRun> running =
        inBackground(err, bigBatchArguments(vanishing, AGENT_IMAGE, "--pending-timeout", "120"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> err.toString(StandardCharsets.UTF_8).contains(NO_ROOM));

    Files.delete(vanishing);
    removeBlockers();

    CliRun run = running.get(120, TimeUnit.SECONDS);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    JsonNode big = onlyBatch(run.json());
    assertThat(big.get("final_status").asText()).isEqualTo("rejected");
    assertThat(big.get("attempts")).as("attempts despite --retries 2").hasSize(1);
    assertThat(big.get("attempts").get(0).get("error").asText())
        .matches("node .*\\((" + nodeIds() + ")\\) rejected the task: .*")
        .contains("bind source path does not exist: " + vanishing);
    assertNoServiceLeft();
    requireValidRunFolder();
  }

  @Test
  void aWorkerWithoutTheImageIsNamedInTheErrorAndTheRunFinishes() throws Exception {
    extraTag = "cfn-wave/test-agent:manager-only-" + runId;
    docker("tag", AGENT_IMAGE, extraTag);
    block(rig.get("MANAGER_NODE_ID"));

    CliRun run = cfnWave(bigBatchArguments(workspace, extraTag, "--pending-timeout", "60"));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    JsonNode big = onlyBatch(run.json());
    assertThat(big.get("final_status").asText()).isEqualTo("rejected");
    assertThat(big.get("attempts")).hasSize(1);
    String error = big.get("attempts").get(0).get("error").asText();
    String worker =
        error.contains(rig.get("WORKER1_NODE_ID"))
            ? rig.get("WORKER1_NODE_ID")
            : rig.get("WORKER2_NODE_ID");
    String hostname = docker("node", "inspect", worker, "--format", "{{.Description.Hostname}}");
    assertThat(error)
        .startsWith(
            "node " + hostname + " (" + worker + ") rejected the task: No such image: " + extraTag);
    assertNoServiceLeft();
  }

  /** One batch "big" of {@link #half} memory, retried up to twice on failure or timeout. */
  private String[] bigBatchArguments(Path workspaceDir, String image, String... extra) {
    Path plan = plan(planJson("t", wave(1, batchWithMemory("big", half >> 20, "echo ran"))));
    String[] retried = {
      "--memory-budget",
      (half >> 20) + "m",
      "--retries",
      "2",
      "--retry-on",
      "failed,timeout",
      "--backoff",
      "0"
    };
    return swarmRunArguments(plan, workspaceDir, image, concat(retried, extra));
  }

  private CompletableFuture<CliRun> inBackground(ByteArrayOutputStream err, String... args) {
    return CompletableFuture.supplyAsync(() -> cfnWave(err, args));
  }

  /** A service on each of these nodes reserving {@link #half}, running once they all run. */
  private void block(String... nodeIds) throws Exception {
    for (String node : nodeIds) {
      String name = "cfn-it-blocker-" + runId + "-" + blockers.size();
      docker(
          "service",
          "create",
          "--detach",
          "--name",
          name,
          "--label",
          TEST_LABEL + "=" + runId,
          "--container-label",
          TEST_LABEL + "=" + runId,
          "--restart-condition",
          "none",
          "--reserve-memory",
          String.valueOf(half),
          "--constraint",
          "node.id==" + node,
          "--env",
          "TASK_PROMPT=" + SLEEPER,
          AGENT_IMAGE);
      blockers.add(name);
    }
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                docker(
                            "service",
                            "ls",
                            "--filter",
                            "label=" + TEST_LABEL + "=" + runId,
                            "--format",
                            "{{.Replicas}}")
                        .lines()
                        .filter(line -> line.startsWith("1/1"))
                        .count()
                    == nodeIds.length);
  }

  private void removeBlockers() throws Exception {
    if (!blockers.isEmpty()) {
      List<String> args = new ArrayList<>(List.of("service", "rm"));
      args.addAll(blockers);
      docker(args.toArray(String[]::new));
      blockers.clear();
    }
  }

  private static String nodeIds() {
    return String.join(
        "|", rig.get("MANAGER_NODE_ID"), rig.get("WORKER1_NODE_ID"), rig.get("WORKER2_NODE_ID"));
  }

  private static JsonNode onlyBatch(JsonNode report) {
    assertThat(report.get("batches")).hasSize(1);
    return report.get("batches").get(0);
  }

  /** The run's report and every journal line match their schemas. */
  private void requireValidRunFolder() throws IOException {
    Path folder = runFolder(runId);
    JsonSchemas.requireValidFile(JsonSchemas.RUN_REPORT, folder.resolve("report.json"));
    for (String line : Files.readAllLines(folder.resolve("journal.jsonl"))) {
      JsonSchemas.requireValid(
          JsonSchemas.JOURNAL_LINE, "journal line", Json.MAPPER.readTree(line));
    }
  }
}
