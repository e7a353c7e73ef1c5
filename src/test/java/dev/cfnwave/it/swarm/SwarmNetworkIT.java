package dev.cfnwave.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.it.support.SwarmTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The network of a run on Swarm is checked before anything starts: an absent one is created as an
 * attachable overlay labelled as cfn-wave's; a name taken by a network local to the manager (the
 * seed's default cfn-network, left by single-host use) is refused with exit 2 and nothing created.
 * cleanup removes such an overlay once unused, never a network a user made. And services carry
 * no-new-privileges where the manager's API has it.
 */
class SwarmNetworkIT extends SwarmTestSupport {

  private final List<String> networksToRemove = new ArrayList<>();

  @AfterEach
  void removeNetworks() {
    for (String network : networksToRemove) {
      if (!docker("network", "ls", "-q", "--filter", "name=^" + network + "$").isEmpty()) {
        docker("network", "rm", network);
      }
    }
  }

  private Path oneBatchPlan(String script) {
    return plan(planJson("t", wave(1, batch("only", 1, script))));
  }

  @Test
  void anAbsentNetworkIsCreatedAsAnAttachableOverlayOfCfnWave() {
    String network = "cfn-it-overlay-" + runId;
    environment.remove("CFN_DOCKER_NETWORK");
    networksToRemove.add(network);

    CliRun run = cfnWave(swarmRunArguments(oneBatchPlan("exit 0"), "--network", network));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("created network " + network);
    assertThat(
            docker("network", "inspect", "-f", "{{.Driver}} {{.Scope}} {{.Attachable}}", network))
        .isEqualTo("overlay swarm true");
    assertThat(docker("network", "inspect", "-f", "{{index .Labels \"cfn.managed\"}}", network))
        .isEqualTo("true");
    assertNoServiceLeft();

    // cleanup removes the overlay cfn-wave made, now unused, and never one a user made
    String users = "cfn-it-users-" + runId;
    docker(
        "network",
        "create",
        "-d",
        "overlay",
        "--attachable",
        "--label",
        TEST_LABEL + "=" + runId,
        users);
    networksToRemove.add(users);
    CliRun cleanup = cfnWave("cleanup", "--backend", "swarm", "--task-id", "t");

    assertThat(cleanup.exitCode()).as(cleanup.err()).isZero();
    assertThat(cleanup.err()).contains("removed network " + network);
    assertThat(docker("network", "ls", "-q", "--filter", "name=^" + network + "$")).isEmpty();
    assertThat(docker("network", "inspect", "-f", "{{.Scope}}", users)).isEqualTo("swarm");
  }

  @Test
  void theDefaultNameTakenByALocalBridgeIsRefusedWithNothingCreated() {
    environment.remove("CFN_DOCKER_NETWORK");
    String existing = docker("network", "ls", "-q", "--filter", "name=^cfn-network$");
    if (existing.isEmpty()) {
      docker("network", "create", "--label", TEST_LABEL + "=" + runId, "cfn-network");
      networksToRemove.add("cfn-network");
    }
    assertThat(docker("network", "inspect", "-f", "{{.Scope}}", "cfn-network")).isEqualTo("local");

    CliRun run = cfnWave(swarmRunArguments(oneBatchPlan("exit 0")));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("--network cfn-network")
        .contains("local to the manager")
        .contains("--network NAME of an overlay")
        .contains("--network none");
    assertNoServiceLeft();
    assertThat(Files.exists(runFolder(runId))).isFalse();
  }

  @Test
  void servicesRunWithNoNewPrivilegesWhereTheManagerHasIt() throws Exception {
    boolean managerHasIt = apiAtLeast144(docker("version", "-f", "{{.Server.APIVersion}}"));

    // A failed batch's log is kept: the line is read from it.
    CliRun run =
        cfnWave(swarmRunArguments(oneBatchPlan("grep NoNewPrivs /proc/self/status; exit 1")));

    JsonNode report = run.json();
    assertThat(report.get("batches").get(0).get("attempts").get(0).get("exit_code").asInt())
        .as(run.err())
        .isEqualTo(1);
    String log =
        Files.readString(
            runFolder(runId).resolve("logs").resolve("cfn-wave1-only-" + runId + ".log"));
    assertThat(log.replaceAll("\\s+", " ").trim())
        .isEqualTo(managerHasIt ? "NoNewPrivs: 1" : "NoNewPrivs: 0");
    if (managerHasIt) {
      assertThat(run.err()).doesNotContain("cannot set no-new-privileges");
    } else {
      assertThat(run.err()).contains("cannot set no-new-privileges");
    }
    assertNoServiceLeft();
  }

  private static boolean apiAtLeast144(String version) {
    String[] parts = version.split("\\.");
    int major = Integer.parseInt(parts[0]);
    int minor = Integer.parseInt(parts[1]);
    return major > 1 || minor >= 44;
  }
}
