package dev.cfnwave.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.Backends;
import dev.cfnwave.backend.Failpoint;
import dev.cfnwave.engine.CfnLabels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * cfn-wave run --backend swarm on the three-node rig: batches run as services, their exit codes and
 * logs come back from the nodes that ran them, and no service is left after the run.
 */
class SwarmRunIT extends DockerTestSupport {

  private static String managerSocket;

  @BeforeAll
  static void bringTheRigUp() {
    managerSocket = SwarmRig.up().get("MANAGER_SOCKET");
  }

  @AfterAll
  static void takeTheRigDown() {
    assertThat(SwarmRig.down()).as("swarm-rig.sh down").isEqualTo("0");
  }

  @Test
  void aRunOnSwarmReportsExitCodesAndKeepsTheFailedLogAndLeavesNoService() throws Exception {
    environment.put("DOCKER_HOST", managerSocket);
    environment.put("CFN_DOCKER_NETWORK", "none");
    Path plan =
        plan(
            planJson(
                "t",
                wave(
                    1,
                    batch("ok", 1, "echo swarm-ok-line"),
                    batch("three", 1, "echo swarm-fail-line; exit 3"),
                    batch("seven", 1, "exit 7"))));

    CliRun run =
        cfnWave(
            "run",
            "--backend",
            "swarm",
            "--wave-plan",
            plan.toString(),
            "--run-id",
            runId,
            "--runs-dir",
            temp.resolve("runs").toString(),
            "--workspace",
            workspace.toString(),
            "--base-image",
            AGENT_IMAGE,
            "--poll-interval",
            "0.5");

    JsonNode report = run.json();
    assertThat(report.get("status").asText()).as(run.err()).isEqualTo("failed");
    Map<String, Long> exitCodes = new HashMap<>();
    for (JsonNode batch : report.get("batches")) {
      JsonNode last = batch.get("attempts").get(batch.get("attempts").size() - 1);
      exitCodes.put(batch.get("batch_id").asText(), last.get("exit_code").asLong());
    }
    assertThat(exitCodes)
        .containsEntry("ok", 0L)
        .containsEntry("three", 3L)
        .containsEntry("seven", 7L);
    assertThat(run.err()).contains("cannot set no-new-privileges");
    Path logs = temp.resolve("runs").resolve(runId).resolve("logs");
    assertThat(logs.resolve("cfn-wave1-three-" + runId + ".log"))
        .as(run.err())
        .content()
        .isEqualTo("swarm-fail-line\n");
    try (Backend swarm =
        Backends.open("swarm", environment, Duration.ofSeconds(30), Failpoint.NONE)) {
      assertThat(swarm.listOwned(Map.of(CfnLabels.RUN_ID, runId))).isEmpty();
    }
  }
}
