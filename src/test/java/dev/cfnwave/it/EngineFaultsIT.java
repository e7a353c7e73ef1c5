package dev.cfnwave.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.engine.CfnLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine misbehaves under a running {@code cfn-wave run}: it is restarted mid-wave (its
 * containers die with it), or it hangs for 30 s (SIGSTOP). No result is lost, every container that
 * died is classified, threads and connections stay bounded, and no batch gets a second container.
 */
class EngineFaultsIT extends RunTestSupport {

  @Test
  void aRestartedEngineLosesNoResultAndLeavesNoContainer() throws Exception {
    String script = "trap 'exit 143' TERM; sleep 10 & wait $!; echo finished";
    Path plan = planOf(6, script);
    Process child =
        startChild(
            plan, "--parallel", "6", "--memory-budget", "4g", "--retries", "2", "--backoff", "3");
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> runningContainers() >= 3 || !child.isAlive());
      assertThat(child.isAlive()).as(childErr()).isTrue();

      Dockerd.restart();

      assertThat(child.waitFor(240, TimeUnit.SECONDS)).as("run ended").isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as(childErr()).isIn(0, 1);
    assertThat(childErr()).contains("event stream");
    JsonNode report = read(reportFile());
    assertThat(report.get("batches")).hasSize(6);
    int hit = 0;
    for (JsonNode batch : report.get("batches")) {
      assertThat(batch.get("final_status").asText()).isIn("success", "failed");
      JsonNode first = batch.get("attempts").get(0);
      if (batch.get("attempts").size() > 1) {
        hit++;
        assertThat(first.get("exit_status").asText()).as(batch.toString()).isEqualTo("failed");
        assertThat(first.get("exit_code").asInt()).as(batch.toString()).isIn(137, 143);
      }
    }
    assertThat(hit).as("batches whose container died with the engine").isPositive();
    assertOneSettlementPerBatch(6);
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void aHungEngineIsWaitedOutWithBoundedThreadsAndNoDuplicateContainer() throws Exception {
    environment.put("CFN_ENGINE_TIMEOUT", "10");
    environment.put("CFN_TIER_1_MEMORY", "16m");
    Path plan = planOf(8, "sleep 2");
    int maxThreads = 0;
    int maxSockets = 0;
    List<EngineEvent> events;
    try (var watch = EngineEvents.of(runId)) {
      Process child =
          startChild(
              plan,
              "--parallel",
              "4",
              "--memory-budget",
              "64m",
              "--retries",
              "2",
              "--backoff",
              "1");
      try {
        // Pause while the first containers are being created: creates and starts hang in flight.
        watch.awaitCount("create", 1);
        assertThat(child.isAlive()).as(childErr()).isTrue();
        try (var paused = Dockerd.pause()) {
          long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          while (System.nanoTime() < end) {
            maxThreads = Math.max(maxThreads, threadsOf(child.pid()));
            maxSockets = Math.max(maxSockets, socketsOf(child.pid()));
            Thread.sleep(500);
          }
        }
        assertThat(child.waitFor(240, TimeUnit.SECONDS)).as("run ended").isTrue();
      } finally {
        child.destroyForcibly();
      }
      assertThat(child.exitValue()).as(childErr()).isZero();
      watch.awaitCount("destroy", 8);
      events = watch.all();
    }
    System.err.printf(
        "while the engine hung for 30 s: at most %d threads and %d sockets%n",
        maxThreads, maxSockets);
    assertThat(maxThreads).as("threads while the engine hung").isLessThan(80);
    assertThat(maxSockets).as("sockets while the engine hung").isLessThanOrEqualTo(64);
    assertThat(childErr()).contains("did not answer within 10 s");
    JsonNode report = read(reportFile());
    Map<String, Long> created =
        events.stream()
            .filter(e -> e.action().equals("create"))
            .collect(
                Collectors.groupingBy(e -> e.label(CfnLabels.BATCH_ID), Collectors.counting()));
    for (JsonNode batch : report.get("batches")) {
      String id = batch.get("batch_id").asText();
      assertThat(batch.get("final_status").asText()).as(id).isEqualTo("success");
      assertThat(created.get(id))
          .as("containers created for " + id + ", one per attempt")
          .isEqualTo(batch.get("attempts").size());
    }
    assertOneSettlementPerBatch(8);
    assertThat(containersOfThisRun()).isEmpty();
  }

  private Path planOf(int batches, String script) {
    String[] all = new String[batches];
    for (int i = 0; i < batches; i++) {
      all[i] = batch("b" + i, 1, script);
    }
    return plan(planJson("t", wave(1, all)));
  }

  @Override
  String[] runArguments(String id, Path plan, String... extra) {
    return concat(
        super.runArguments(id, plan, extra), new String[] {"--output", reportFile().toString()});
  }

  private Path reportFile() {
    return temp.resolve("report.json");
  }

  private void assertOneSettlementPerBatch(int batches) throws IOException {
    assertThat(settlementsPerBatch())
        .hasSize(batches)
        .allSatisfy((b, n) -> assertThat(n).isEqualTo(1));
  }

  private static int threadsOf(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("Threads:")) {
        return Integer.parseInt(line.substring("Threads:".length()).trim());
      }
    }
    return 0;
  }

  private static int socketsOf(long pid) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      return (int)
          fds.filter(
                  fd -> {
                    try {
                      return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                    } catch (IOException e) {
                      return false;
                    }
                  })
              .count();
    }
  }
}
