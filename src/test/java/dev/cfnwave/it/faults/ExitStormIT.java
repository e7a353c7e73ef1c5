package dev.cfnwave.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.it.support.EngineProxy;
import dev.cfnwave.it.support.FifoGate;
import dev.cfnwave.it.support.RunTestSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Many containers ending at the same instant (one named pipe releases them all at once), with the
 * engine's event stream working, or cut while they exit and then silent: every exit code is
 * recorded and every failed container's log is kept.
 */
class ExitStormIT extends RunTestSupport {

  @Test
  void twoHundredSimultaneousExitsAreAllRecordedWithTheirLogs() throws Exception {
    int count = 200;
    environment.put("CFN_TIER_1_MEMORY", "16m");
    // The wave's time limit counts from its first launch; the tests' 60 s is shorter than starting
    // 200 containers takes on Docker 26.1 here, which then stopped the waiting ones (exit 137).
    environment.put("CFN_MONITOR_TIMEOUT", "600");
    List<EngineEvent> deaths;
    Instant released;
    CliRun run;
    CompletableFuture<CliRun> running = null;
    try (FifoGate gate = FifoGate.in(workspace, "gate");
        var watch = EngineEvents.of(runId)) {
      Path plan = gatedPlan(count, 4, i -> gate);
      running =
          CompletableFuture.supplyAsync(
              () -> run(plan, "--parallel", "8", "--memory-budget", "8g"));
      gate.awaitWaiting(count, running::isDone, Duration.ofMinutes(4));
      assertThat(running.isDone()).as("the run waits for its containers").isFalse();
      assertThat(watch.withAction("die")).as("no container ended before the gate opened").isEmpty();

      released = gate.open();
      run = running.get(3, TimeUnit.MINUTES);
      watch.awaitCount("die", count);
      deaths = watch.withAction("die");
    } finally {
      letTheRunEnd(running);
    }

    assertThat(deaths).as("one death per container").hasSize(count);
    LongSummaryStatistics at = deaths.stream().mapToLong(EngineEvent::timeNano).summaryStatistics();
    Duration spread = Duration.ofNanos(at.getMax() - at.getMin());
    System.err.printf(
        "released together, the engine reported %d deaths within %d ms%n",
        count, spread.toMillis());
    // Every container was waiting at the gate and none had ended, so all 200 deaths come from its
    // release: how far apart the engine records them is its own speed (3.7 s on Docker 20.10.24,
    // 10 to 22 s on 26.1.5 here), printed above and not judged.
    assertThat(Instant.ofEpochSecond(0, at.getMin()))
        .as("every container was still waiting when the gate opened")
        .isAfterOrEqualTo(released);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    JsonNode report = run.json();
    assertThat(idsOf(report.get("batches"))).containsExactlyInAnyOrderElementsOf(planIds(count));
    Path logs = runFolder(runId).resolve("logs");
    for (int i = 0; i < count; i++) {
      JsonNode batch = byBatch(report, "b" + i);
      assertThat(batch.get("attempts")).as("b" + i).hasSize(1);
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
    environment.put("CFN_MONITOR_TIMEOUT", "600");
    try (EngineProxy proxy = EngineProxy.at(temp.resolve("engine.sock"));
        FifoGate first = FifoGate.in(workspace, "first");
        FifoGate second = FifoGate.in(workspace, "second")) {
      // Half the containers exit before the cut, half after it: the cut falls among the exits.
      Path plan = gatedPlan(count, 3, i -> i < count / 2 ? first : second);
      environment.put("DOCKER_HOST", proxy.dockerHost());
      CliRun spawned = spawn(plan, 1, "--parallel", "8");
      assertThat(spawned.exitCode()).as(spawned.err()).isZero();
      CompletableFuture<CliRun> monitoring =
          CompletableFuture.supplyAsync(
              () -> monitor(1, "--poll-interval", "1", "--timeout", "240", "--verbose"));
      first.awaitWaiting(count / 2, monitoring::isDone, Duration.ofMinutes(2));
      second.awaitWaiting(count / 2, monitoring::isDone, Duration.ofMinutes(2));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> proxy.eventStreamAnsweredAfter(0) || monitoring.isDone());
      assertThat(monitoring.isDone()).as("the monitor waits for its containers").isFalse();

      Instant cut;
      List<EngineEvent> deaths;
      try (var watch = EngineEvents.of(runId)) {
        first.open();
        watch.awaitCount("die", 1);
        proxy.silenceEvents();
        cut = Instant.now();
        proxy.cutEventStreams();
        second.open();
        CliRun monitored = monitoring.get(3, TimeUnit.MINUTES);

        assertThat(monitored.exitCode()).as(monitored.err()).isEqualTo(1);
        assertThat(proxy.eventStreamsOpened())
            .as("re-subscribed after the cut: " + monitored.err())
            .isGreaterThan(1);
        assertThat(monitored.err()).contains("event stream ended");
        JsonNode containers = monitored.json().get("containers");
        assertThat(idsOf(containers)).containsExactlyInAnyOrderElementsOf(planIds(count));
        for (JsonNode container : containers) {
          int i = Integer.parseInt(container.get("batch_id").asText().substring(1));
          assertThat(container.get("exit_code").asInt()).as("b" + i).isEqualTo(i % 3);
        }
        watch.awaitCount("die", count);
        deaths = watch.withAction("die");
      }
      assertThat(deaths).as("one death per container").hasSize(count);
      long before = deaths.stream().filter(d -> d.timeNano() < nanos(cut)).count();
      System.err.printf("%d of %d containers died before the cut%n", before, count);
      assertThat(before).as("deaths before the cut").isBetween(1L, (long) count / 2);
    }
  }

  /**
   * Waits for a run that an assertion cut short: the gate is open by now, so it launches the
   * containers it has left, which end at once, and then ends. Cleaning up while it still launched
   * would miss the containers it made afterwards.
   */
  private static void letTheRunEnd(CompletableFuture<CliRun> running) {
    if (running == null) {
      return;
    }
    try {
      running.get(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // the test's own assertions report the run; here it only has to be over
    }
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  /** Batches b0..b(count-1) that wait at their gate, print a line and exit with i % modulus. */
  private Path gatedPlan(int count, int modulus, IntFunction<FifoGate> gate) {
    String[] batches = new String[count];
    for (int i = 0; i < count; i++) {
      batches[i] =
          batch(
              "b" + i, 1, gate.apply(i).script() + "; echo out-b" + i + "; exit " + (i % modulus));
    }
    return plan(planJson("t", wave(1, batches)));
  }

  private static List<String> idsOf(JsonNode batches) {
    List<String> ids = new ArrayList<>();
    batches.forEach(b -> ids.add(b.get("batch_id").asText()));
    return ids;
  }

  private static List<String> planIds(int count) {
    return IntStream.range(0, count).mapToObj(i -> "b" + i).toList();
  }
}
