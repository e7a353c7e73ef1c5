package dev.cfnwave.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.open.Backends;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests of runs on the three-node swarm rig: the rig is up for the test class (the
 * caller holds the IT lock), each test's cfn-wave talks to its manager, and helpers for run
 * arguments, the services of this run and the docker CLI on the manager.
 */
public abstract class SwarmTestSupport extends RunTestSupport {

  /** What swarm-rig.sh up printed: MANAGER_SOCKET, WORKERn_SOCKET, the node ids. */
  public static Map<String, String> rig;

  @BeforeAll
  public static void bringTheRigUp() {
    rig = SwarmRig.up();
  }

  @AfterAll
  public static void takeTheRigDown() {
    assertThat(SwarmRig.down()).as("swarm-rig.sh down").isEqualTo("0");
  }

  @BeforeEach
  public void onTheManager() {
    environment.put("DOCKER_HOST", managerSocket());
    environment.put("CFN_DOCKER_NETWORK", "none");
  }

  public static String managerSocket() {
    return rig.get("MANAGER_SOCKET");
  }

  /** run --backend swarm of this plan, with this test's run id, workspace and the agent image. */
  public String[] swarmRunArguments(Path plan, String... extra) {
    return swarmRunArguments(plan, workspace, AGENT_IMAGE, extra);
  }

  public String[] swarmRunArguments(Path plan, Path workspaceDir, String image, String... extra) {
    return concat(
        runOptions(runId, plan, workspaceDir, image),
        concat(new String[] {"--backend", "swarm", "--outputs", "none"}, extra));
  }

  /** The swarm backend on the manager, as this test's cfn-wave sees it. */
  public Backend swarm() {
    return Backends.open("swarm", environment, Duration.ofSeconds(30), false);
  }

  /** This run's services, ended or not. */
  public List<AttemptStatus> servicesOfThisRun() {
    try (Backend swarm = swarm()) {
      return swarm.listOwned(Map.of(CfnLabels.RUN_ID, runId));
    }
  }

  public void assertNoServiceLeft() {
    assertThat(servicesOfThisRun()).isEmpty();
  }

  /**
   * The docker CLI against the rig's manager: its trimmed stdout (its stderr goes to the test's);
   * fails the test when it fails.
   */
  public static String docker(String... args) {
    List<String> command = new ArrayList<>(List.of("docker", "-H", managerSocket()));
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " timed out");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + out);
      }
      return out.trim();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
