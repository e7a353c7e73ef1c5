package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.it.support.DockerCli;
import dev.cfnwave.it.support.EngineProxy;
import dev.cfnwave.it.support.RunTestSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A user network with a /29 subnet (room for 5 containers) as a resource of the run: batches wait
 * for an address instead of failing, and a start that loses its address to another container
 * between the run's check and the start goes back in the queue.
 */
class NetworkCapacityIT extends RunTestSupport {

  static final String BUSYBOX = "cfn-wave/busybox:latest";
  static final int ROOM = 5;

  private String network;

  @BeforeEach
  void createSmallNetwork() {
    network = "cfn-it-net-" + runId;
    createNetwork(network, environmentWithoutProxy(), runId);
    environment.put("CFN_TIER_1_MEMORY", "16m");
  }

  @AfterEach
  void removeSmallNetwork() {
    // After the base class's sweep of containers? JUnit runs subclass @AfterEach first: remove
    // the foreign containers here so that the network can go.
    for (String id : labelled(runId)) {
      DockerCli.docker(environmentWithoutProxy(), "rm", "-f", id);
    }
    DockerCli.docker(environmentWithoutProxy(), "network", "rm", network);
  }

  @Test
  void eightBatchesOnASlash29AllSucceedNeverMoreThanItsRoomAtOnce() throws Exception {
    Path plan = planOf(8, "sleep 2");
    List<EngineEvent> events;
    CliRun result;
    try (var watch = EngineEvents.of(runId)) {
      result = run(plan, "--parallel", "8");
      watch.awaitCount("die", 8);
      events = watch.all();
    }

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode report = read(runFolder(runId).resolve("report.json"));
    for (JsonNode batch : report.get("batches")) {
      assertThat(batch.get("final_status").asText()).isEqualTo("success");
      assertThat(batch.get("attempts")).as("no retry used").hasSize(1);
    }
    assertThat(mostRunningAtOnce(events)).isLessThanOrEqualTo(ROOM).isPositive();
  }

  @Test
  void aStartThatLosesItsAddressToAnotherContainerIsRequeuedNotFailed() throws Exception {
    // Long enough that the two starts not held still hold their addresses when the held one goes
    // on.
    Path plan = planOf(3, "sleep 20");
    try (EngineProxy proxy = EngineProxy.at(temp.resolve("engine.sock"))) {
      environment.put("DOCKER_HOST", proxy.dockerHost());
      EngineProxy.Hold start =
          proxy.holdFirst(Pattern.compile("^POST (/v[0-9.]+)?/containers/[0-9a-f]{64}/start "));
      Process child = startChild(plan, "--parallel", "3", "--verbose");
      try {
        start.awaitHeld(Duration.ofSeconds(60));
        // While the run's first start is held, something else takes every free address.
        int free = ROOM - attached();
        for (int i = 0; i < free; i++) {
          DockerCli.docker(
                  environmentWithoutProxy(),
                  "run",
                  "-d",
                  "--network",
                  network,
                  "--label",
                  TEST_LABEL + "=" + runId,
                  BUSYBOX,
                  "sleep",
                  "600")
              .orThrow();
        }
        start.release();
        try {
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> !journal("attempt_requeued").isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          throw new AssertionError(
              "no attempt_requeued in the journal; the run said:\n" + childErr(), e);
        }
        for (String id : labelled(runId)) {
          DockerCli.docker(environmentWithoutProxy(), "rm", "-f", id).orThrow();
        }
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("run ended").isTrue();
      } finally {
        child.destroyForcibly();
      }
      assertThat(child.exitValue()).as(childErr()).isZero();
    }
    assertThat(childErr()).contains("its network was full at start");
    JsonNode report = read(runFolder(runId).resolve("report.json"));
    for (JsonNode batch : report.get("batches")) {
      assertThat(batch.get("final_status").asText()).isEqualTo("success");
      assertThat(batch.get("attempts")).as("the requeue used no retry").hasSize(1);
    }
  }

  @Override
  public String[] runArguments(String id, Path plan, String... extra) {
    return concat(
        runOptions(id, plan, workspace, AGENT_IMAGE),
        concat(new String[] {"--network", network}, extra));
  }

  /** The most containers of the run running at once, from the engine's start and die events. */
  static int mostRunningAtOnce(List<EngineEvent> events) {
    int running = 0;
    int most = 0;
    for (EngineEvent e : events) {
      if (e.action().equals("start")) {
        most = Math.max(most, ++running);
      } else if (e.action().equals("die")) {
        running--;
      }
    }
    return most;
  }

  private int attached() {
    String out =
        DockerCli.docker(
                environmentWithoutProxy(),
                "network",
                "inspect",
                "--format",
                "{{len .Containers}}",
                network)
            .orThrow()
            .out()
            .strip();
    return Integer.parseInt(out);
  }

  private Path planOf(int batches, String script) {
    String[] all = new String[batches];
    for (int i = 0; i < batches; i++) {
      all[i] = batch("b" + i, 1, script);
    }
    return plan(planJson("t", wave(1, all)));
  }

  /** This test's engine variables, without the proxy a test may have put in DOCKER_HOST. */
  Map<String, String> environmentWithoutProxy() {
    Map<String, String> direct = new HashMap<>();
    String host = System.getenv("DOCKER_HOST");
    if (host != null) {
      direct.put("DOCKER_HOST", host);
    }
    return direct;
  }

  /** The containers carrying this test's label (the foreign ones it started). */
  List<String> labelled(String testId) {
    String out =
        DockerCli.docker(
                environmentWithoutProxy(),
                "ps",
                "-aq",
                "--filter",
                "label=" + TEST_LABEL + "=" + testId)
            .out();
    List<String> ids = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        ids.add(line.strip());
      }
    }
    return ids;
  }

  /** A labelled bridge with a random /29 subnet (tries another when one is taken). */
  static void createNetwork(String name, Map<String, String> env, String testId) {
    DockerCli.Result last = null;
    for (int tries = 0; tries < 5; tries++) {
      String subnet = "10.199." + ThreadLocalRandom.current().nextInt(256) + ".0/29";
      last =
          DockerCli.docker(
              env,
              "network",
              "create",
              "--subnet",
              subnet,
              "--label",
              TEST_LABEL + "=" + testId,
              name);
      if (last.ok()) {
        return;
      }
    }
    last.orThrow();
  }
}
