package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.engine.ContainerState;
import dev.cfnwave.it.support.DockerTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CleanupIT extends DockerTestSupport {

  private static final DockerClient DOCKER = DockerTestSupport.rawClient();

  @AfterAll
  static void closeClient() throws Exception {
    DOCKER.close();
  }

  @Test
  void cleanupSparesUnlabelledLookAlike() {
    var plan = plan(planJson("t", wave(1, batch("real", 1, "true"))));
    assertThat(spawn(plan, 1).exitCode()).isZero();
    String lookAlike =
        DOCKER
            .createContainerCmd(AGENT_IMAGE)
            .withName("cfn-wave1-real-" + runId + "-lookalike")
            .withLabels(Map.of(TEST_LABEL, runId))
            .exec()
            .getId();

    CliRun run =
        cfnWave("cleanup", "--wave-number", "1", "--pattern", "cfn-wave1-*-" + runId + "*");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().get("containers_removed").asInt()).isEqualTo(1);
    assertThat(containersOfThisRun()).isEmpty();
    assertThat(ENGINE.inspect(lookAlike).state()).isEqualTo(ContainerState.CREATED);
  }

  /**
   * The extra networks --networks-per-run makes go once unused; one a created container is meant to
   * join stays, and so does a cfn-wave network that is not an extra one (the seed's).
   */
  @Test
  void cleanupRemovesUnusedExtraNetworksOnly() {
    String base = "cfn-it-spread-" + runId;
    Map<String, String> extra =
        Map.of(CfnLabels.MANAGED, "true", CfnLabels.SPREAD_OF, base, TEST_LABEL, runId);
    String created = null;
    try {
      DOCKER
          .createNetworkCmd()
          .withName(base)
          .withLabels(Map.of(CfnLabels.MANAGED, "true", TEST_LABEL, runId))
          .exec();
      DOCKER.createNetworkCmd().withName(base + "-2").withLabels(extra).exec();
      DOCKER.createNetworkCmd().withName(base + "-3").withLabels(extra).exec();
      created =
          DOCKER
              .createContainerCmd(AGENT_IMAGE)
              .withName("cfn-it-joins-" + runId)
              .withLabels(Map.of(TEST_LABEL, runId))
              .withHostConfig(HostConfig.newHostConfig().withNetworkMode(base + "-3"))
              .exec()
              .getId();

      CliRun run = cfnWave("cleanup", "--wave-number", "1", "--pattern", "*-" + runId);

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.err()).contains("removed network " + base + "-2");
      assertThat(DOCKER.listNetworksCmd().withNameFilter(base).exec())
          .extracting(n -> n.getName())
          .containsExactlyInAnyOrder(base, base + "-3");
    } finally {
      if (created != null) {
        DOCKER.removeContainerCmd(created).withForce(true).exec();
      }
      for (String name : List.of(base, base + "-2", base + "-3")) {
        try {
          DOCKER.removeNetworkCmd(name).exec();
        } catch (NotFoundException e) {
          // removed by the cleanup
        }
      }
    }
  }

  @Test
  void failedLogsArePreservedByDefaultAndMatchTheContainersOutput() throws Exception {
    var plan =
        plan(
            planJson(
                "t",
                wave(
                    3,
                    batch("good", 1, "echo fine"),
                    batch("bad", 1, "printf 'line one\\nline two\\n'; exit 2"))));
    var spawned = spawn(plan, 3).json().get("containers");
    assertThat(monitor(3).exitCode()).isEqualTo(1);

    CliRun run =
        cfnWave(
            "cleanup",
            "--wave-number",
            "3",
            "--pattern",
            "*-" + runId,
            "--output",
            temp.resolve("c.json").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().get("containers_removed").asInt()).isEqualTo(2);
    assertThat(run.json().get("logs_preserved").asInt()).isEqualTo(1);
    assertThat(run.json().get("errors")).isEmpty();
    assertThat(run.json().get("summary").asText()).contains("removed 2 containers");
    Path logs = temp.resolve("logs/container-logs");
    String bad = spawned.get(1).get("container_name").asText();
    String good = spawned.get(0).get("container_name").asText();
    assertThat(Files.readString(logs.resolve(bad + ".log"))).isEqualTo("line one\nline two\n");
    assertThat(logs.resolve(good + ".log")).doesNotExist();
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void preserveAllLogsKeepsEveryLogAndOutputDirOverridesTheLogDir() {
    var plan = plan(planJson("t", wave(1, batch("a", 1, "echo a"), batch("b", 1, "echo b"))));
    spawn(plan, 1);
    assertThat(monitor(1).exitCode()).isZero();
    Path dir = temp.resolve("cache/logs");

    CliRun run =
        cfnWave(
            "cleanup",
            "--wave-number",
            "1",
            "--pattern",
            "*-" + runId,
            "--preserve-all-logs",
            "--output-dir",
            dir.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().get("logs_preserved").asInt()).isEqualTo(2);
    assertThat(dir.toFile().list()).hasSize(2);
  }

  @Test
  void noPreserveFailedLogsKeepsNothing() {
    var plan =
        plan(
            planJson(
                "t",
                wave(1, batch("bad", 1, "echo failing; exit 1"), batch("good", 1, "echo fine"))));
    CliRun spawned = spawn(plan, 1);
    assertThat(spawned.exitCode()).as(spawned.err()).isZero();
    assertThat(spawned.json().get("total_spawned").asInt()).isEqualTo(2);
    CliRun monitored = monitor(1);
    assertThat(monitored.exitCode()).as("one batch failed: " + monitored.err()).isEqualTo(1);
    assertThat(monitored.json().get("metrics").get("failed").asInt()).isEqualTo(1);

    CliRun run =
        cfnWave(
            "cleanup",
            "--wave-number",
            "1",
            "--pattern",
            "*-" + runId,
            "--no-preserve-failed-logs");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().get("containers_removed").asInt()).isEqualTo(2);
    assertThat(run.json().get("logs_preserved").asInt()).isZero();
    assertThat(run.json().get("errors")).isEmpty();
    assertThat(temp.resolve("logs")).doesNotExist();
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void dryRunRemovesNothing() {
    var plan = plan(planJson("t", wave(1, batch("a", 1, "true"))));
    spawn(plan, 1);

    CliRun run = cfnWave("cleanup", "--wave-number", "1", "--pattern", "*-" + runId, "--dry-run");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().get("containers_removed").asInt()).isZero();
    assertThat(run.json().get("summary").asText()).contains("would remove 1 container");
    assertThat(containersOfThisRun()).hasSize(1);
  }

  @Test
  void taskIdAndManifestSelectOnlyTheirContainers() throws Exception {
    var mine = plan(planJson("task-" + runId, wave(1, batch("mine", 1, "true"))));
    var other = plan(planJson("other-" + runId, wave(1, batch("theirs", 1, "true"))));
    assertThat(spawn(other, 1).exitCode()).isZero();
    Files.copy(temp.resolve("wave1-spawned.json"), temp.resolve("other.json"));
    assertThat(spawn(mine, 1).exitCode()).isZero();

    CliRun byTask = cfnWave("cleanup", "--task-id", "task-" + runId);

    assertThat(byTask.exitCode()).as(byTask.err()).isZero();
    assertThat(containersOfThisRun())
        .extracting(c -> c.label(CfnLabels.BATCH_ID).orElseThrow())
        .containsExactly("theirs");

    CliRun byManifest = cfnWave("cleanup", "--containers", temp.resolve("other.json").toString());

    assertThat(byManifest.exitCode()).as(byManifest.err()).isZero();
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void runningContainersAreStoppedRemovedAndTheirLogsKept() throws Exception {
    var plan = plan(planJson("t", wave(1, batch("stuck", 1, "echo started; sleep 300"))));
    String name = spawn(plan, 1).json().get("containers").get(0).get("container_name").asText();
    assertThat(monitor(1, "--timeout", "2").exitCode()).isEqualTo(2);

    CliRun run = cfnWave("cleanup", "--wave-number", "1", "--pattern", "*-" + runId);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(containersOfThisRun()).isEmpty();
    assertThat(Files.readString(temp.resolve("logs/container-logs/" + name + ".log")))
        .isEqualTo("started\n");
  }

  @Test
  void anonymousVolumesGoWithTheirContainerNamedVolumesStay() {
    String named = "cfn-it-keep-" + runId;
    DOCKER.createVolumeCmd().withName(named).exec();
    try {
      String id =
          DOCKER
              .createContainerCmd(AGENT_IMAGE)
              .withName("cfn-wave9-vol-" + runId)
              .withLabels(
                  Map.of(
                      CfnLabels.MANAGED,
                      "true",
                      CfnLabels.WAVE_NUMBER,
                      "9",
                      CfnLabels.RUN_ID,
                      runId))
              .withVolumes(new Volume("/scratch"))
              .withHostConfig(
                  HostConfig.newHostConfig()
                      .withBinds(com.github.dockerjava.api.model.Bind.parse(named + ":/kept")))
              .exec()
              .getId();
      String anonymous =
          DOCKER.inspectContainerCmd(id).exec().getMounts().stream()
              .filter(m -> "/scratch".equals(m.getDestination().getPath()))
              .findFirst()
              .orElseThrow()
              .getName();

      CliRun run = cfnWave("cleanup", "--wave-number", "9", "--pattern", "*-" + runId);

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.json().get("volumes_cleaned").asInt()).isEqualTo(1);
      assertThat(volumeExists(anonymous)).isFalse();
      assertThat(volumeExists(named)).isTrue();
    } finally {
      removeWhatTheTestCreated();
      DOCKER.removeVolumeCmd(named).exec();
    }
  }

  private static boolean volumeExists(String name) {
    try {
      DOCKER.inspectVolumeCmd(name).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
