package dev.cfnwave.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.cli.Main;
import dev.cfnwave.engine.ContainerEngine;
import dev.cfnwave.engine.ContainerSummary;
import dev.cfnwave.report.Json;
import dev.cfnwave.testing.ContainerSweep;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the integration tests: a real Docker engine, a run id per test, the CLI run in-process,
 * and removal of everything the test created (by label) even when it fails.
 */
public abstract class DockerTestSupport {

  /** Runs each batch's task_prompt as a shell script (src/test/docker/test-agent). */
  public static final String AGENT_IMAGE = "cfn-wave/test-agent:latest";

  /** Put on containers a test creates by hand, so they are removed too. */
  public static final String TEST_LABEL = "cfn.it.test";

  /** Reconnected whenever a test restarts dockerd (see {@link SharedEngine}). */
  public static final ContainerEngine ENGINE = SharedEngine.ENGINE;

  /** The fields of one container in monitor results, in the spec's order. */
  public static final List<String> RESULT_FIELDS =
      List.of(
          "container_id",
          "batch_id",
          "status",
          "exit_code",
          "exit_status",
          "started_at",
          "completed_at");

  /** The docker CLI's variables that choose an engine, passed on from the JVM's environment. */
  static final List<String> ENGINE_VARIABLES =
      List.of("DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_CONTEXT");

  /** A docker-java client of its own on the default engine, for what the tests check directly. */
  public static DockerClient rawClient() {
    var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    return DockerClientImpl.getInstance(
        config, new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
  }

  @TempDir public Path temp;
  public Path workspace;
  public String runId;
  public final Map<String, String> environment = new HashMap<>();

  @BeforeEach
  public void prepare() throws IOException {
    runId = "it" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    workspace = Files.createDirectories(temp.resolve("workspace"));
    // The engine of the test leg (scripts/test.sh --engine): the CLI runs in this JVM on this map
    // alone, so it must name the engine the tests' own client (DOCKER_HOST of the JVM) talks to.
    for (String name : ENGINE_VARIABLES) {
      String value = System.getenv(name);
      if (value != null && !value.isBlank()) {
        environment.put(name, value);
      }
    }
    environment.put("CFN_LOG_DIR", temp.resolve("logs").toString());
    environment.put("CFN_DOCKER_IMAGE", AGENT_IMAGE);
    environment.put("CFN_DOCKER_NETWORK", "bridge");
    environment.put("CFN_MONITOR_TIMEOUT", "60");
    environment.put("CFN_MONITOR_POLL_INTERVAL", "0.5");
  }

  /**
   * How long a test's cleanup keeps removing its containers. Docker 26.1.5 on 2 cores, after 200
   * containers were SIGKILLed at once, took more than 10 s for some removes and failed others
   * ("context deadline exceeded" from the containerd shim); a later remove of the same container
   * succeeds.
   */
  static final Duration REMOVAL_DEADLINE = Duration.ofMinutes(3);

  @AfterEach
  public void removeWhatTheTestCreated() {
    ContainerSweep.removeAll(
        ENGINE,
        List.of(Map.of(CfnLabels.RUN_ID, runId), Map.of(TEST_LABEL, runId)),
        REMOVAL_DEADLINE);
  }

  /** The outcome of one in-process cfn-wave command line. */
  public record CliRun(int exitCode, String out, String err) {

    public JsonNode json() {
      try {
        return Json.MAPPER.readTree(out);
      } catch (IOException e) {
        throw new UncheckedIOException("stdout is not one JSON document: " + out, e);
      }
    }

    public List<String> errLines() {
      return err.lines().toList();
    }
  }

  public CliRun cfnWave(String... args) {
    return cfnWave(new ByteArrayOutputStream(), args);
  }

  /** cfn-wave in this JVM, its stderr written to {@code err} as it runs (for a test that waits). */
  public CliRun cfnWave(ByteArrayOutputStream err, String... args) {
    var out = new ByteArrayOutputStream();
    int code;
    try (var outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        var errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(outStream, errStream, environment, args);
    }
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  public Path plan(String json) {
    try {
      return Files.writeString(temp.resolve("plan-" + System.nanoTime() + ".json"), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String batch(String id, int tier, String script) {
    return batchJson(id, "\"tier\": " + tier + ", \"files\": [\"src/" + id + ".ts\"]", script);
  }

  /** A batch whose plan gives its memory, in MiB, rather than a tier. */
  public static String batchWithMemory(String id, long mebibytes, String script) {
    return batchJson(id, "\"memory\": \"" + mebibytes + "m\"", script);
  }

  private static String batchJson(String id, String fields, String script) {
    return "{\"batch_id\": \"" + id + "\", " + fields + ", \"task_prompt\": " + quote(script) + "}";
  }

  public static String wave(int number, String... batches) {
    return "{\"wave_number\": " + number + ", \"batches\": [" + String.join(", ", batches) + "]}";
  }

  public static String planJson(String taskId, String... waves) {
    return "{\"task_id\": \"" + taskId + "\", \"waves\": [" + String.join(", ", waves) + "]}";
  }

  public static String quote(String text) {
    try {
      return Json.MAPPER.writeValueAsString(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public CliRun spawn(Path plan, int wave, String... extra) {
    String[] base = {
      "spawn",
      "--wave-plan",
      plan.toString(),
      "--wave-number",
      String.valueOf(wave),
      "--workspace",
      workspace.toString(),
      "--run-id",
      runId,
      "--output",
      temp.resolve("wave" + wave + "-spawned.json").toString()
    };
    return cfnWave(concat(base, extra));
  }

  public CliRun monitor(int wave, String... extra) {
    String[] base = {
      "monitor", "--containers", temp.resolve("wave" + wave + "-spawned.json").toString()
    };
    return cfnWave(concat(base, extra));
  }

  public static String[] concat(String[] first, String[] second) {
    String[] all = new String[first.length + second.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  /**
   * Takes a container name with a container that is not cfn-wave's (removed after the test): a
   * batch that should get this name then fails to spawn.
   */
  public void occupyName(String containerName) throws Exception {
    try (var docker = rawClient()) {
      docker
          .createContainerCmd("cfn-wave/busybox:latest")
          .withName(containerName)
          .withLabels(Map.of(TEST_LABEL, runId))
          .withCmd("true")
          .exec();
    }
  }

  public List<ContainerSummary> containersOfThisRun() {
    return ENGINE.listByLabels(Map.of(CfnLabels.RUN_ID, runId));
  }
}
