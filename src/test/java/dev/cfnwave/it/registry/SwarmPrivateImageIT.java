package dev.cfnwave.it.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.ImagePullException;
import dev.cfnwave.backend.PullProgress;
import dev.cfnwave.backend.open.Backends;
import dev.cfnwave.it.support.DockerCli;
import dev.cfnwave.it.support.PushedImage;
import dev.cfnwave.it.support.RunTestSupport;
import dev.cfnwave.it.support.SwarmRig;
import dev.cfnwave.it.support.TestRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * run --backend swarm of an image only the test registry has, on the rig whose workers pull first
 * (CFN_RIG_PULL=1), at the registry's rig address (10.213.1.1:5000, TLS, not an insecure registry):
 * the service carries the credentials of the user's docker configuration, so a worker that did not
 * have the image pulls and runs it; without credentials the worker cannot pull, and the attempt is
 * rejected with what the registry says. Each test pushes an image of its own and removes it from
 * the registry and from the engines afterwards; the rig goes down after the class.
 */
class SwarmPrivateImageIT extends RunTestSupport {

  private static TestRegistry registry;
  private static Map<String, String> rig;

  private PushedImage pushed;
  private String worker;

  /** Not SwarmTestSupport's rig: these workers pull each task's image first, as real nodes do. */
  @BeforeAll
  static void bringTheRigUp() {
    registry = TestRegistry.fromEnvironment();
    rig = SwarmRig.up(true);
  }

  @AfterAll
  static void takeTheRigDown() {
    assertThat(SwarmRig.down()).as("swarm-rig.sh down").isEqualTo("0");
  }

  @BeforeEach
  void pushAnImageNoWorkerHas() {
    environment.put("DOCKER_HOST", rig.get("MANAGER_SOCKET"));
    environment.put("CFN_DOCKER_NETWORK", "none");
    pushed = registry.push(AGENT_IMAGE, temp);
    worker = rig.get("WORKER1_NODE_ID");
    assertThat(onWorker("image", "inspect", pinned(pushed)).ok())
        .as("the worker has no image of that name before")
        .isFalse();
  }

  @AfterEach
  void removeTheImageEverywhere() {
    if (pushed != null) {
      onWorker("image", "rm", pushed.rigReference());
      pushed.close();
    }
  }

  private DockerCli.Result onWorker(String... args) {
    return DockerCli.docker(Map.of("DOCKER_HOST", rig.get("WORKER1_SOCKET")), args);
  }

  private String[] onTheWorker(Path plan) {
    return concat(
        runOptions(runId, plan, workspace, pushed.rigReference()),
        new String[] {"--backend", "swarm", "--constraint", "node.id==" + worker});
  }

  private void assertNoServiceLeft() {
    try (Backend swarm = swarm(registry.anonymousDockerConfig(temp))) {
      assertThat(swarm.listOwned(Map.of(CfnLabels.RUN_ID, runId))).isEmpty();
    }
  }

  @Test
  void aServiceOfAPrivateImageRunsOnAWorkerThatDidNotHaveIt() {
    environment.put("DOCKER_CONFIG", registry.dockerConfig(temp).toString());
    Path plan = plan(planJson("t", wave(1, batch("b1", 1, "echo ran"))));

    CliRun run = cfnWave(onTheWorker(plan));

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode batch = run.json().get("batches").get(0);
    assertThat(batch.get("final_status").asText()).isEqualTo("success");
    assertThat(onWorker("image", "inspect", pinned(pushed)).ok())
        .as("the worker pulled it")
        .isTrue();
    assertNoServiceLeft();
  }

  @Test
  void aWorkerThatCannotPullIsRejectedWithTheRegistrysWords() {
    Path anonymous = registry.anonymousDockerConfig(temp);
    // The lookup names the tag asked about; the run's service, the digest it was pinned to.
    String refusedTag = refusal(":1", anonymous);
    String refusedPin = refusal("@" + pushed.digest(), anonymous);
    try (Backend manager = swarm(registry.dockerConfig(temp))) {
      manager.pull(pushed.rigReference(), Duration.ofMinutes(2), PullProgress.NONE);
      assertThat(manager.remoteImage(pushed.rigReference()).orElseThrow().digest())
          .isEqualTo(pushed.digest());
    }
    try (Backend manager = swarm(anonymous)) {
      assertThatThrownBy(() -> manager.remoteImage(pushed.rigReference()))
          .isInstanceOf(ImagePullException.class)
          .hasMessage(refusedTag);
    }
    environment.put("DOCKER_CONFIG", anonymous.toString());
    Path plan = plan(planJson("t", wave(1, batch("b1", 1, "echo ran"))));

    CliRun run = cfnWave(onTheWorker(plan));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    JsonNode batch = run.json().get("batches").get(0);
    assertThat(batch.get("final_status").asText()).isEqualTo("rejected");
    assertThat(batch.get("attempts")).hasSize(1);
    assertThat(batch.get("attempts").get(0).get("error").asText())
        .contains("rejected the task: No such image: " + pinned(pushed))
        .endsWith("(the node could not pull it: " + refusedPin + ")")
        .doesNotContain("docker save", registry.password());
    assertNoServiceLeft();
  }

  private String refusal(String tagOrDigest, Path dockerConfig) {
    return "registry "
        + registry.rigHost()
        + " needs credentials for "
        + pushed.repository()
        + tagOrDigest
        + " and none were found in "
        + dockerConfig.resolve("config.json");
  }

  /** The Swarm backend on the rig's manager with this docker configuration. */
  private Backend swarm(Path dockerConfig) {
    Map<String, String> env = new HashMap<>(environment);
    env.put("DOCKER_CONFIG", dockerConfig.toString());
    return Backends.open("swarm", env, Duration.ofSeconds(30), false);
  }

  /** What a run's services name: the image pinned to the digest its tag had when the run began. */
  private static String pinned(PushedImage image) {
    String reference = image.rigReference();
    return reference.substring(0, reference.length() - image.tag().length() - 1)
        + "@"
        + image.digest();
  }
}
