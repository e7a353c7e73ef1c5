package dev.cfnwave.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeState;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three-node swarm of scripts/swarm-rig.sh, and the Swarm behaviour on Engine 20.10 that the
 * Swarm backend relies on: one-shot services (1 replica, restart condition none) report their
 * containers' ends on the task, workers run locally loaded images, memory reservations spread
 * services over nodes, and a worker without the image says so. Talks to the engines with
 * docker-java directly: this tests the rig and Swarm, not cfn-wave.
 */
class SwarmRigIT {

  private static final String RIG = "scripts/swarm-rig.sh";
  private static final String TEST_LABEL = "cfn.it.test";
  private static final String IMAGE = "cfn-wave/test-agent:latest";
  private static final Duration TASK_LIMIT = Duration.ofSeconds(90);
  private static final String WORKERS_ONLY = "node.role==worker";

  /** Runs until stopped, and ends at once on SIGTERM (a shell as PID 1 would ignore it). */
  private static final String SLEEPER = "trap 'exit 0' TERM; sleep 600 & wait";

  private static Map<String, String> rig;
  private static DockerClient manager;
  private static final Map<Integer, DockerClient> workers = new HashMap<>();
  private static final Thread downAtExit = new Thread(() -> runRig("down"));

  private String testId;
  private final List<String> services = new ArrayList<>();

  @BeforeAll
  static void bringTheRigUp() {
    Runtime.getRuntime().addShutdownHook(downAtExit);
    RigRun up = runRig("up");
    if (up.exitCode() != 0) {
      runRig("down");
      throw new IllegalStateException(RIG + " up failed (exit " + up.exitCode() + ")");
    }
    rig =
        up.out()
            .lines()
            .filter(line -> line.contains("="))
            .collect(
                Collectors.toMap(
                    line -> line.substring(0, line.indexOf('=')),
                    line -> line.substring(line.indexOf('=') + 1)));
    manager = client(rig.get("MANAGER_SOCKET"));
    for (int i = 1; i <= 2; i++) {
      workers.put(i, client(rig.get("WORKER" + i + "_SOCKET")));
    }
  }

  @AfterAll
  static void takeTheRigDown() throws IOException {
    for (DockerClient client : workers.values()) {
      client.close();
    }
    if (manager != null) {
      manager.close();
    }
    RigRun down = runRig("down");
    Runtime.getRuntime().removeShutdownHook(downAtExit);
    assertThat(down.exitCode()).as(RIG + " down").isZero();
    try (DockerClient host = client("unix:///var/run/docker.sock")) {
      assertThat(host.infoCmd().exec().getSwarm().getLocalNodeState().name())
          .as("the host engine's swarm state after down")
          .isEqualToIgnoringCase("inactive");
    }
  }

  @BeforeEach
  void name() {
    testId = "rig" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
  }

  /** Removes this test's services and waits until no task or container of them is left. */
  @AfterEach
  void removeServices() {
    for (String id : services) {
      manager.removeServiceCmd(id).exec();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> manager.listTasksCmd().withLabelFilter(Map.of(TEST_LABEL, testId)).exec(),
            List::isEmpty);
    for (DockerClient node : allEngines()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  node.listContainersCmd()
                      .withShowAll(true)
                      .withLabelFilter(Map.of(TEST_LABEL, testId))
                      .exec(),
              List::isEmpty);
    }
  }

  @Test
  void threeNodesAreReadyAndActiveAndEachReportsTheHostsMemory() {
    List<SwarmNode> nodes = manager.listSwarmNodesCmd().exec();
    long hostMemory = manager.infoCmd().exec().getMemTotal();

    assertThat(nodes)
        .extracting(SwarmNode::getId)
        .containsExactlyInAnyOrder(
            rig.get("MANAGER_NODE_ID"), rig.get("WORKER1_NODE_ID"), rig.get("WORKER2_NODE_ID"));
    assertThat(nodes)
        .allSatisfy(
            node -> {
              assertThat(node.getStatus().getState()).isEqualTo(SwarmNodeState.READY);
              assertThat(node.getSpec().getAvailability()).isEqualTo(SwarmNodeAvailability.ACTIVE);
              assertThat(node.getDescription().getResources().getMemoryBytes())
                  .isEqualTo(hostMemory);
            });
  }

  @ParameterizedTest(name = "worker {0}")
  @ValueSource(ints = {1, 2})
  void oneShotServicesOnAWorkerReportCompleteAndFailedWithTheExitCode(int worker) {
    String node = rig.get("WORKER" + worker + "_NODE_ID");
    String ok = createService("ok", "echo done-" + testId, "node.id==" + node, 0);
    String failing =
        createService("fails", "echo failing-" + testId + "; exit 3", "node.id==" + node, 0);

    Task completed = awaitEnd(ok);
    Task failed = awaitEnd(failing);

    assertThat(completed.getNodeId()).isEqualTo(node);
    assertThat(completed.getStatus().getState()).isEqualTo(TaskState.COMPLETE);
    assertThat(completed.getStatus().getContainerStatus().getExitCodeLong()).isZero();
    assertThat(failed.getNodeId()).isEqualTo(node);
    assertThat(failed.getStatus().getState()).isEqualTo(TaskState.FAILED);
    assertThat(failed.getStatus().getContainerStatus().getExitCodeLong()).isEqualTo(3);
    assertThat(failed.getStatus().getErr()).isEqualTo("task: non-zero exit (3)");
    // The container stays on the worker until the service is removed: the worker's own engine
    // has its state (where an OOM kill would show) and the service its log.
    String container = failed.getStatus().getContainerStatus().getContainerID();
    assertThat(
            workers.get(worker).inspectContainerCmd(container).exec().getState().getExitCodeLong())
        .isEqualTo(3);
    assertThat(serviceLog(failing)).contains("failing-" + testId);
    assertThat(serviceLog(ok)).contains("done-" + testId);
  }

  /**
   * Constrained to the workers, so that nothing this large runs on the shared host engine: two
   * reservations of 0.6x a node's memory cannot share a worker, and a third finds no room.
   */
  @Test
  void reservationsOfSixTenthsOfANodesMemoryLandOnDifferentNodes() {
    long nodeMemory =
        manager.listSwarmNodesCmd().exec().stream()
            .mapToLong(n -> n.getDescription().getResources().getMemoryBytes())
            .min()
            .orElseThrow();
    long reservation = nodeMemory * 6 / 10;
    String first = createService("big1", SLEEPER, WORKERS_ONLY, reservation);
    String second = createService("big2", SLEEPER, WORKERS_ONLY, reservation);

    Set<String> nodes =
        Set.of(
            awaitState(first, TaskState.RUNNING).getNodeId(),
            awaitState(second, TaskState.RUNNING).getNodeId());
    assertThat(nodes)
        .as("two 0.6x reservations on two workers")
        .containsExactlyInAnyOrder(rig.get("WORKER1_NODE_ID"), rig.get("WORKER2_NODE_ID"));

    String third = createService("big3", SLEEPER, WORKERS_ONLY, reservation);
    Task pending =
        await()
            .atMost(TASK_LIMIT)
            .until(
                () -> onlyTask(third),
                t ->
                    t.isPresent()
                        && t.get().getStatus().getErr() != null
                        && !t.get().getStatus().getErr().isEmpty())
            .orElseThrow();
    System.err.println("SwarmRigIT: a third 0.6x reservation: " + pending.getStatus());
    assertThat(pending.getStatus().getState()).isEqualTo(TaskState.PENDING);
    assertThat(pending.getStatus().getErr()).contains("insufficient resources on 2 nodes");
  }

  @Test
  void aWorkerWithoutTheImageRejectsTheTaskNamingTheImage() {
    String image = "cfn-wave/rig-missing:" + testId;
    String node = rig.get("WORKER1_NODE_ID");
    String service = createService(image, "missing", "true", "node.id==" + node, 0);
    long created = System.nanoTime();

    Task rejected = awaitEnd(service);
    System.err.printf(
        "SwarmRigIT: missing image ended after %d ms: %s%n",
        (System.nanoTime() - created) / 1_000_000, rejected.getStatus());

    assertThat(rejected.getNodeId()).isEqualTo(node);
    assertThat(rejected.getStatus().getState()).isEqualTo(TaskState.REJECTED);
    assertThat(rejected.getStatus().getErr()).contains("No such image: " + image);
  }

  private String createService(String role, String script, String constraint, long memory) {
    return createService(IMAGE, role, script, constraint, memory);
  }

  /** One replicated service with 1 replica and restart condition none, labelled for this test. */
  private String createService(
      String image, String role, String script, String constraint, long memory) {
    Map<String, String> labels = Map.of("cfn.managed", "true", TEST_LABEL, testId);
    var task =
        new TaskSpec()
            .withContainerSpec(
                new ContainerSpec()
                    .withImage(image)
                    .withCommand(List.of("sh", "-c", script))
                    .withLabels(labels))
            .withRestartPolicy(
                new ServiceRestartPolicy().withCondition(ServiceRestartCondition.NONE));
    if (constraint != null) {
      task.withPlacement(new ServicePlacement().withConstraints(List.of(constraint)));
    }
    if (memory > 0) {
      task.withResources(
          new ResourceRequirements()
              .withReservations(new ResourceSpecs().withMemoryBytes(memory))
              .withLimits(new ResourceSpecs().withMemoryBytes(memory)));
    }
    var spec =
        new ServiceSpec()
            .withName(testId + "-" + role.replaceAll("[^a-zA-Z0-9-]", "-"))
            .withLabels(labels)
            .withMode(
                new ServiceModeConfig()
                    .withReplicated(new ServiceReplicatedModeOptions().withReplicas(1)))
            .withTaskTemplate(task);
    String id = manager.createServiceCmd(spec).exec().getId();
    services.add(id);
    return id;
  }

  private Optional<Task> onlyTask(String service) {
    List<Task> tasks = manager.listTasksCmd().withServiceFilter(service).exec();
    assertThat(tasks)
        .as("tasks of a 1-replica service with restart condition none")
        .hasSizeLessThan(2);
    return tasks.stream().findFirst();
  }

  private Task awaitEnd(String service) {
    Set<TaskState> ends =
        Set.of(TaskState.COMPLETE, TaskState.FAILED, TaskState.REJECTED, TaskState.SHUTDOWN);
    return await()
        .atMost(TASK_LIMIT)
        .until(
            () -> onlyTask(service),
            t -> t.isPresent() && ends.contains(t.get().getStatus().getState()))
        .orElseThrow();
  }

  private Task awaitState(String service, TaskState state) {
    return await()
        .atMost(TASK_LIMIT)
        .until(
            () -> onlyTask(service), t -> t.isPresent() && t.get().getStatus().getState() == state)
        .orElseThrow();
  }

  /** The service's log, read without follow and with a deadline (such reads can hang). */
  private String serviceLog(String service) {
    var log = new StringBuilder();
    try (var callback =
        manager
            .logServiceCmd(service)
            .withStdout(true)
            .withStderr(true)
            .withFollow(false)
            .exec(
                new ResultCallback.Adapter<Frame>() {
                  @Override
                  public void onNext(Frame frame) {
                    log.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                  }
                })) {
      assertThat(callback.awaitCompletion(30, TimeUnit.SECONDS)).as("service log read").isTrue();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return log.toString();
  }

  private static List<DockerClient> allEngines() {
    List<DockerClient> all = new ArrayList<>(workers.values());
    all.add(manager);
    return all;
  }

  private static DockerClient client(String host) {
    var config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    var http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .responseTimeout(Duration.ofSeconds(60))
            .build();
    return DockerClientImpl.getInstance(config, http);
  }

  private record RigRun(int exitCode, String out) {}

  /** Runs the rig script; its log goes to this JVM's stderr, its KEY=VALUE lines are returned. */
  private static RigRun runRig(String command) {
    try {
      Process process =
          new ProcessBuilder("bash", RIG, command)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(RIG + " " + command + " did not end within 5 minutes");
      }
      return new RigRun(process.exitValue(), out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
