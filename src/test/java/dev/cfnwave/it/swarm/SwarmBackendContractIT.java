package dev.cfnwave.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.open.Backends;
import dev.cfnwave.engine.DockerEngine;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.it.support.AgentImageContract;
import dev.cfnwave.it.support.SwarmRig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
class SwarmBackendContractIT extends AgentImageContract {

  private static final Set<String> runIds = ConcurrentHashMap.newKeySet();
  private static Map<String, String> environment;

  @BeforeAll
  static void bringTheRigUp() {
    Map<String, String> rig = SwarmRig.up();
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
      assertThat(SwarmRig.down()).as("swarm-rig.sh down").isEqualTo("0");
    }
  }

  @BeforeEach
  void remember() {
    runIds.add(runId);
  }

  @Override
  protected String backendName() {
    return "swarm";
  }

  @Override
  protected Backend openBackend() {
    return Backends.open("swarm", environment, Duration.ofSeconds(60), false);
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

      assertThat(rejected.phase()).isEqualTo(AttemptPhase.REJECTED);
      assertThat(rejected.state()).isEqualTo("rejected");
      assertThat(rejected.exitCode()).isNull();
      assertThat(rejected.error()).contains("rejected the task: No such image");
    } finally {
      backend.close();
    }
  }

  /** The contract stops an attempt at once; this one stops a task that is running on a node. */
  @Test
  void aRunningTaskThatIsStoppedEnds() {
    try (Backend backend = openBackend()) {
      String handle = backend.launch(spec("stopme", runsUntilStopped()), WaveListener.NONE);
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> "running".equals(backend.status(handle).state()));

      backend.stop(handle, Duration.ofSeconds(1));

      await().atMost(Duration.ofSeconds(90)).until(() -> backend.status(handle).hasEnded());
      AttemptStatus stopped = backend.status(handle);
      assertThat(stopped.state()).isIn("stopped", "shutdown");
      assertThat(stopped.oomKilled()).isFalse();
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
}
