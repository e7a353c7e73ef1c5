package dev.cfnwave.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.engine.ContainerState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many containers ending at the same instant (a named pipe releases them all at once), with the
 * engine's event stream working, or cut and then silent: every exit code is recorded and every
 * failed container's log is kept.
 */
class ExitStormIT extends RunTestSupport {

  @Test
  void twoHundredSimultaneousExitsAreAllRecordedWithTheirLogs() throws Exception {
    int count = 200;
    environment.put("CFN_TIER_1_MEMORY", "16m");
    FifoGate gate = FifoGate.in(workspace);
    Path plan = gatedPlan(count, 4);
    List<EngineEvent> deaths;
    CliRun run;
    try (var watch = EngineEvents.of(runId)) {
      CompletableFuture<CliRun> running =
          CompletableFuture.supplyAsync(
              () -> run(plan, "--parallel", "8", "--memory-budget", "8g"));
      await()
          .atMost(Duration.ofMinutes(4))
          .until(() -> runningContainers() == count || running.isDone());
      assertThat(running.isDone()).as("the run waits for its containers").isFalse();
      Thread.sleep(1000); // every container reaches its read of the pipe

      gate.openUntil(() -> runningContainers() == 0, Duration.ofMinutes(1));
      run = running.get(3, TimeUnit.MINUTES);
      watch.awaitCount("die", count);
      deaths = watch.withAction("die");
    }

    LongSummaryStatistics at = deaths.stream().mapToLong(EngineEvent::timeNano).summaryStatistics();
    System.err.printf(
        "released together, the engine reported %d deaths within %.0f ms%n",
        count, (at.getMax() - at.getMin()) / 1e6);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    JsonNode report = run.json();
    assertThat(report.get("batches")).hasSize(count);
    Path logs = runFolder(runId).resolve("logs");
    for (int i = 0; i < count; i++) {
      JsonNode batch = byBatch(report, "b" + i);
      JsonNode attempt = batch.get("attempts").get(0);
      assertThat(attempt.get("exit_code").asInt()).as("b" + i).isEqualTo(i % 4);
      assertThat(batch.get("final_status").asText()).isEqualTo(i % 4 == 0 ? "success" : "failed");
      Path log = logs.resolve(attempt.get("container_name").asText() + ".log");
      if (i % 4 == 0) {
        assertThat(log).doesNotExist();
      } else {
        assertThat(log).content().contains("out-b" + i);
      }
    }
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void exitsWhileTheEventStreamIsCutAndSilentAreFoundByReconciliation() throws Exception {
    int count = 120;
    environment.put("CFN_TIER_1_MEMORY", "16m");
    FifoGate gate = FifoGate.in(workspace);
    Path plan = gatedPlan(count, 3);
    try (EngineProxy proxy = EngineProxy.at(temp.resolve("engine.sock"))) {
      environment.put("DOCKER_HOST", proxy.dockerHost());
      CliRun spawned = spawn(plan, 1, "--parallel", "8");
      assertThat(spawned.exitCode()).as(spawned.err()).isZero();
      CompletableFuture<CliRun> monitoring =
          CompletableFuture.supplyAsync(
              () -> monitor(1, "--poll-interval", "1", "--timeout", "240", "--verbose"));
      await().atMost(Duration.ofSeconds(30)).until(() -> proxy.eventStreamsOpened() >= 1);
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  containersOfThisRun().stream()
                          .filter(c -> c.state() == ContainerState.RUNNING)
                          .count()
                      == count);
      Thread.sleep(1000);

      proxy.silenceEvents();
      proxy.cutEventStreams();
      gate.openUntil(
          () -> containersOfThisRun().stream().noneMatch(c -> c.state() == ContainerState.RUNNING),
          Duration.ofMinutes(1));
      CliRun monitored = monitoring.get(3, TimeUnit.MINUTES);

      assertThat(monitored.exitCode()).as(monitored.err()).isEqualTo(1);
      assertThat(proxy.eventStreamsOpened())
          .as("re-subscribed after the cut: " + monitored.err())
          .isGreaterThan(1);
      assertThat(monitored.err()).contains("event stream ended");
      JsonNode results = monitored.json();
      assertThat(results.get("containers")).hasSize(count);
      for (JsonNode container : results.get("containers")) {
        int i = Integer.parseInt(container.get("batch_id").asText().substring(1));
        assertThat(container.get("exit_code").asInt()).as("b" + i).isEqualTo(i % 3);
      }
    }
  }

  /** Batches b0..b(count-1) that wait at the gate, print a line and exit with i % modulus. */
  private Path gatedPlan(int count, int modulus) {
    String[] batches = new String[count];
    for (int i = 0; i < count; i++) {
      batches[i] =
          batch("b" + i, 1, FifoGate.SCRIPT_WAIT + "; echo out-b" + i + "; exit " + (i % modulus));
    }
    return plan(planJson("t", wave(1, batches)));
  }
}
