package dev.cfnwave.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.Backends;
import dev.cfnwave.backend.Failpoint;
import dev.cfnwave.engine.CfnLabels;
import dev.cfnwave.engine.DockerEngine;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.testing.BackendContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backend contract against the Swarm backend on the three-node rig of scripts/swarm-rig.sh (up
 * before, down after, as SwarmRigIT does): each instance is a new connection to the manager. Each
 * test removes its run's services by label; the class waits until no container of its runs is left
 * on the manager before the rig goes down (down removes the workers whole).
 */
class SwarmBackendContractIT extends BackendContract {

  private static final String RIG = "scripts/swarm-rig.sh";
  private static final Set<String> runIds = ConcurrentHashMap.newKeySet();
  private static final Thread downAtExit = new Thread(() -> runRig("down"));
  private static Map<String, String> environment;

  @BeforeAll
  static void bringTheRigUp() {
    Runtime.getRuntime().addShutdownHook(downAtExit);
    String[] up = runRig("up");
    if (!"0".equals(up[0])) {
      runRig("down");
      throw new IllegalStateException(RIG + " up failed (exit " + up[0] + ")");
    }
    Map<String, String> rig =
        up[1]
            .lines()
            .filter(line -> line.contains("="))
            .collect(
                Collectors.toMap(
                    line -> line.substring(0, line.indexOf('=')),
                    line -> line.substring(line.indexOf('=') + 1)));
    environment = new HashMap<>(System.getenv());
    environment.put("DOCKER_HOST", rig.get("MANAGER_SOCKET"));
  }

  @AfterAll
  static void takeTheRigDown() {
    try (DockerEngine manager = DockerEngine.connect(environment, Duration.ofSeconds(30))) {
      for (String runId : runIds) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> manager.listByLabels(Map.of(CfnLabels.RUN_ID, runId)).isEmpty());
      }
    } finally {
      String[] down = runRig("down");
      Runtime.getRuntime().removeShutdownHook(downAtExit);
      assertThat(down[0]).as(RIG + " down").isEqualTo("0");
    }
  }

  @BeforeEach
  void remember() {
    runIds.add(runId);
  }

  @Override
  protected Backend openBackend() {
    return Backends.open("swarm", environment, Duration.ofSeconds(60), Failpoint.NONE);
  }

  @Override
  protected String image() {
    return DockerTestSupport.AGENT_IMAGE;
  }

  @Override
  protected String exitsWith(int code) {
    return "exit " + code;
  }

  @Override
  protected String prints(String word) {
    return "echo " + word;
  }

  @Override
  protected String runsUntilStopped() {
    return "sleep 600";
  }

  /** A network the manager does not have: creating the service fails, nothing is made. */
  @Override
  protected AttemptSpec unlaunchable(AttemptSpec spec) {
    return withImageAndNetwork(spec, spec.image(), "cfn-no-such-network-" + runId);
  }

  /** Creating the service is the launch's one call: make it, and lose the answer. */
  @Override
  protected void beginLaunchOnly(AttemptSpec spec) {
    try (Backend other = openBackend()) {
      other.launch(spec, WaveListener.NONE);
    }
  }

  @Test
  void aServiceWhoseImageNoNodeHasEndsRejectedWithTheEnginesErrorAndNoExitCode() {
    Backend backend = openBackend();
    try {
      AttemptSpec spec =
          withImageAndNetwork(
              spec("noimage", exitsWith(0)), "cfn-wave/no-such-image:" + runId, null);
      String handle = backend.launch(spec, WaveListener.NONE);

      await().atMost(Duration.ofSeconds(120)).until(() -> backend.status(handle).hasEnded());
      AttemptStatus rejected = backend.status(handle);

      assertThat(rejected.phase()).isEqualTo(AttemptPhase.ENDED);
      assertThat(rejected.state()).isEqualTo("rejected");
      assertThat(rejected.exitCode()).isNull();
      assertThat(rejected.error()).contains("No such image");
    } finally {
      backend.close();
    }
  }

  @Test
  void capacityListsTheThreeNodes() {
    try (Backend backend = openBackend()) {
      assertThat(backend.capacity()).hasSize(3);
      assertThat(backend.describe()).contains("Swarm manager, 3 ready nodes");
    }
  }

  private static AttemptSpec withImageAndNetwork(AttemptSpec spec, String image, String network) {
    return new AttemptSpec(
        spec.name(),
        image,
        spec.labels(),
        spec.environment(),
        spec.memoryLimitBytes(),
        null,
        network,
        spec.security());
  }

  /** Exit code and stdout of the rig script; its log goes to this process's stderr. */
  private static String[] runRig(String command) {
    try {
      Process process =
          new ProcessBuilder("bash", RIG, command)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(300, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new String[] {"timeout", out};
      }
      return new String[] {String.valueOf(process.exitValue()), out};
    } catch (IOException e) {
      throw new IllegalStateException(RIG + " " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(RIG + " " + command + ": interrupted", e);
    }
  }
}
