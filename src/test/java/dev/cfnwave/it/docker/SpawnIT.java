package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.it.support.DockerTestSupport;
import dev.cfnwave.report.Json;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

public class SpawnIT extends DockerTestSupport {

  private static final DockerClient DOCKER = rawClient();

  @AfterAll
  static void closeClient() throws Exception {
    DOCKER.close();
  }

  @Test
  void spawnedContainersCarryLabelsLimitsEnvironmentAndWorkspace() throws Exception {
    var plan =
        plan(
            planJson(
                "task-7",
                wave(
                    2,
                    batch("iter1-batch-1", 1, "sleep 30"),
                    batch("iter1/batch 2", 3, "sleep 30"))));

    CliRun run = spawn(plan, 2, "--environment", "EXTRA=a=b", "--environment", "MODE=ci");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode manifest = run.json();
    assertThat(manifest.get("wave_number").asInt()).isEqualTo(2);
    assertThat(manifest.get("total_spawned").asInt()).isEqualTo(2);
    assertThat(manifest.get("total_memory").asText()).isEqualTo("1.3GB");
    assertThat(Json.MAPPER.readTree(Files.readString(temp.resolve("wave2-spawned.json"))))
        .isEqualTo(manifest);

    JsonNode first = manifest.get("containers").get(0);
    assertThat(fieldNames(first))
        .containsExactly(
            "id",
            "container_id",
            "container_name",
            "batch_id",
            "tier",
            "memory_limit",
            "image",
            "image_digest",
            "status",
            "started_at");
    assertThat(first.get("image").asText()).as("as the user wrote it").isEqualTo(AGENT_IMAGE);
    assertThat(first.get("image_digest").asText())
        .as("imported here: pinned to its local image id")
        .matches("sha256:[0-9a-f]{64}");
    assertThat(first.get("id").asText()).isEqualTo(first.get("container_id").asText());
    assertThat(first.get("container_name").asText()).isEqualTo("cfn-wave2-iter1-batch-1-" + runId);
    assertThat(first.get("status").asText()).isEqualTo("running");
    assertThat(first.get("started_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

    InspectContainerResponse one =
        DOCKER.inspectContainerCmd(first.get("container_id").asText()).exec();
    assertThat(one.getConfig().getLabels())
        .containsEntry(CfnLabels.MANAGED, "true")
        .containsEntry(CfnLabels.TASK_ID, "task-7")
        .containsEntry(CfnLabels.RUN_ID, runId)
        .containsEntry(CfnLabels.WAVE_NUMBER, "2")
        .containsEntry(CfnLabels.BATCH_ID, "iter1-batch-1")
        .containsEntry(CfnLabels.TIER, "1")
        .containsEntry(CfnLabels.MEMORY_LIMIT, "512m");
    assertThat(one.getHostConfig().getMemory()).isEqualTo(512L << 20);
    assertThat(one.getHostConfig().getMemoryReservation()).isEqualTo(512L << 20);
    assertThat(one.getHostConfig().getMemorySwap()).isEqualTo(512L << 20);
    assertThat(one.getConfig().getEnv())
        .contains(
            "BATCH_ID=iter1-batch-1",
            "TASK_ID=task-7",
            "TASK_PROMPT=sleep 30",
            "WAVE_NUMBER=2",
            "BATCH_FILES=[\"src/iter1-batch-1.ts\"]",
            "EXTRA=a=b",
            "MODE=ci");
    // The mounts as the container has them (Podman's inspect leaves HostConfig.Mounts empty).
    assertThat(one.getMounts())
        .singleElement()
        .satisfies(
            mount -> {
              assertThat(mount.getSource()).isEqualTo(workspace.toRealPath().toString());
              assertThat(mount.getDestination().getPath()).isEqualTo("/workspace");
              assertThat(mount.getRW()).isTrue();
            });

    JsonNode second = manifest.get("containers").get(1);
    assertThat(second.get("container_name").asText())
        .startsWith("cfn-wave2-iter1-batch-2-")
        .endsWith("-" + runId)
        .matches("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    InspectContainerResponse two =
        DOCKER.inspectContainerCmd(second.get("container_id").asText()).exec();
    assertThat(two.getHostConfig().getMemory()).isEqualTo(800L << 20);
    assertThat(two.getConfig().getLabels()).containsEntry(CfnLabels.BATCH_ID, "iter1/batch 2");
  }

  @Test
  void batchWithoutTierGetsItsOwnMemoryAndTierVariablesOverrideTheTable() throws Exception {
    environment.put("CFN_TIER_2_MEMORY", "300m");
    var plan =
        plan(
            planJson(
                "t",
                wave(
                    1,
                    "{\"batch_id\": \"own\", \"memory\": \"200MiB\", \"task_prompt\": \"true\"}",
                    batch("tiered", 2, "true"))));

    CliRun run = spawn(plan, 1);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().get("containers").get(0).get("memory_limit").asText()).isEqualTo("200m");
    assertThat(run.json().get("containers").get(1).get("memory_limit").asText()).isEqualTo("300m");
    String id = run.json().get("containers").get(1).get("container_id").asText();
    assertThat(DOCKER.inspectContainerCmd(id).exec().getHostConfig().getMemory())
        .isEqualTo(300L << 20);
  }

  @Test
  void containerThatFailsToSpawnIsReportedAndTheOthersRun() throws Exception {
    occupyName("cfn-wave1-taken-" + runId);
    var plan =
        plan(
            planJson(
                "t",
                wave(
                    1,
                    batch("fine-1", 1, "sleep 30"),
                    batch("taken", 1, "sleep 30"),
                    batch("fine-2", 1, "sleep 30"))));

    CliRun run = spawn(plan, 1);

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode containers = run.json().get("containers");
    assertThat(containers).hasSize(3);
    assertThat(containers.get(1).get("status").asText()).isEqualTo("failed");
    assertThat(containers.get(1).get("container_id").isNull()).isTrue();
    assertThat(containers.get(1).get("error").asText()).isNotBlank();
    assertThat(run.json().get("total_spawned").asInt()).isEqualTo(2);
    assertThat(containersOfThisRun())
        .extracting(c -> c.label(CfnLabels.BATCH_ID).orElseThrow())
        .containsExactlyInAnyOrder("fine-1", "fine-2");
  }

  @Test
  void twoPlansRunSideBySideWithDistinctNames() {
    var plan = plan(planJson("t", wave(1, batch("same", 1, "sleep 30"))));

    CliRun first = spawn(plan, 1);
    String otherRun = runId + "b";
    CliRun second =
        cfnWave(
            "spawn",
            "--wave-plan",
            plan.toString(),
            "--wave-number",
            "1",
            "--workspace",
            workspace.toString(),
            "--run-id",
            otherRun);
    try {
      assertThat(first.exitCode()).isZero();
      assertThat(second.exitCode()).as(second.err()).isZero();
      assertThat(second.json().get("containers").get(0).get("container_name").asText())
          .isNotEqualTo(first.json().get("containers").get(0).get("container_name").asText());
    } finally {
      ENGINE.listByLabels(Map.of(CfnLabels.RUN_ID, otherRun)).forEach(c -> ENGINE.remove(c.id()));
    }
  }

  @Test
  void missingNetworkIsCreatedWithTheManagedLabel() {
    String network = "cfn-it-net-" + runId;
    var plan = plan(planJson("t", wave(1, batch("net", 1, "true"))));
    try {
      CliRun run = spawn(plan, 1, "--network", network);

      assertThat(run.exitCode()).as(run.err()).isZero();
      var created = DOCKER.inspectNetworkCmd().withNetworkId(network).exec();
      assertThat(created.getLabels()).containsEntry(CfnLabels.MANAGED, "true");
    } finally {
      removeWhatTheTestCreated();
      DOCKER.removeNetworkCmd(network).exec();
    }
  }

  @Test
  void dryRunValidatesButCreatesNothing() {
    var plan = plan(planJson("t", wave(1, batch("a", 1, "true"), batch("b", 4, "true"))));

    CliRun run = spawn(plan, 1, "--dry-run");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().get("containers"))
        .extracting(c -> c.get("status").asText())
        .containsExactly("dry_run", "dry_run");
    assertThat(run.json().get("total_spawned").asInt()).isZero();
    assertThat(containersOfThisRun()).isEmpty();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
