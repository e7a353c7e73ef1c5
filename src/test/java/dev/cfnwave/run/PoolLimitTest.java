package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cfnwave.attempt.LogPolicy;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.backend.memory.InMemoryEngine;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.admission.Schedule;
import dev.cfnwave.run.journal.RunStatus;
import dev.cfnwave.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pools through the whole run loop, on the in-memory engine and a manual clock. */
class PoolLimitTest {

  private static final TierTable TIERS =
      TierTable.fromEnvironment(Map.of("CFN_TIER_1_MEMORY", "100m"));

  @TempDir Path first;
  @TempDir Path second;
  private final ManualClock clock = new ManualClock();
  private final InMemoryBackend backend = new InMemoryBackend();
  private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
  private final Cancellation cancellation = new Cancellation();

  @AfterEach
  void closeEngine() {
    cancellation.request(15);
    background.close();
    backend.close();
  }

  @Test
  void noMoreThanThePoolsLimitRunAtOnceWhileOthersStart() {
    List<Batch> batches = new java.util.ArrayList<>(pooled("p", 5, "api"));
    batches.add(batch("free", "hold"));
    WavePlan plan = plan(Map.of("api", 2), new Wave(1, batches));

    CompletableFuture<RunOutcome> outcome =
        runInBackground(backend, plan, settings(first, "one").schedule(Schedule.CONTINUOUS));
    await().until(() -> running("p") == 2 && backend.runningCount("free") == 1);
    for (int i = 1; i <= 5; i++) {
      await().until(() -> running("p") >= 1);
      String next = runningOne("p");
      backend.finish(next, 0);
      await().until(() -> !isRunning(next));
    }
    backend.finish("free", 0);

    assertThat(finished(outcome).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(mostAtOnce(backend, "p")).isEqualTo(2);
  }

  @Test
  void poolOptionOverridesThePlansLimit() {
    WavePlan plan = plan(Map.of("api", 5), new Wave(1, pooled("p", 3, "api")));

    CompletableFuture<RunOutcome> outcome =
        runInBackground(
            backend,
            plan,
            settings(first, "one")
                .pools(
                    new PoolSettings(
                        Map.of("api", 1),
                        Set.of(75L),
                        Duration.ofMinutes(10),
                        Duration.ZERO,
                        Duration.ZERO,
                        new java.util.SplittableRandom(1))));
    for (int i = 1; i <= 3; i++) {
      await().until(() -> running("p") == 1);
      backend.finish(runningOne("p"), 0);
      await().until(() -> running("p") <= 1);
    }

    assertThat(finished(outcome).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(mostAtOnce(backend, "p")).isEqualTo(1);
  }

  @Test
  void twoRunsNamingThePoolShareItsSlots() {
    InMemoryBackend other = InMemoryBackend.sharing(backend.engine());
    CompletableFuture<RunOutcome> one =
        runInBackground(
            backend,
            plan(Map.of("api", 3), new Wave(1, pooled("x", 4, "api"))),
            settings(first, "one"));
    CompletableFuture<RunOutcome> two =
        runInBackground(
            other,
            plan(Map.of("api", 3), new Wave(1, pooled("y", 4, "api"))),
            settings(second, "two"));

    await().until(() -> running("x") + running("y") >= 3);
    for (int i = 0; i < 8; i++) {
      await().until(() -> running("x") + running("y") >= 1);
      String next = running("x") > 0 ? runningOne("x") : runningOne("y");
      backend.finish(next, 0);
      await().until(() -> !isRunning(next));
      // The other run reads what others use once per poll interval.
      clock.advance(Duration.ofMillis(50));
    }

    assertThat(finished(one).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(finished(two).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(mostAtOnce(backend, "x", "y")).isEqualTo(3);
  }

  private long running(String prefix) {
    return backend.engine().timeline().stream()
        .map(InMemoryEngine.Moment::batchId)
        .distinct()
        .filter(id -> id.startsWith(prefix))
        .filter(this::isRunning)
        .count();
  }

  private boolean isRunning(String batchId) {
    return backend.runningCount(batchId) > 0;
  }

  private String runningOne(String prefix) {
    return backend.engine().timeline().stream()
        .map(InMemoryEngine.Moment::batchId)
        .filter(id -> id.startsWith(prefix) && isRunning(id))
        .findFirst()
        .orElseThrow();
  }

  /** The most attempts of batches with these prefixes that ran at once, from the timeline. */
  static int mostAtOnce(InMemoryBackend backend, String... prefixes) {
    Set<String> live = new HashSet<>();
    int most = 0;
    for (InMemoryEngine.Moment m : backend.timeline()) {
      if (List.of(prefixes).stream().noneMatch(m.batchId()::startsWith)) {
        continue;
      }
      if (m.start()) {
        live.add(m.batchId());
      } else {
        live.remove(m.batchId());
      }
      most = Math.max(most, live.size());
    }
    return most;
  }

  private CompletableFuture<RunOutcome> runInBackground(
      InMemoryBackend on, WavePlan plan, RunSettings.Builder settings) {
    RunSettings built = settings.build();
    return CompletableFuture.supplyAsync(
        () ->
            new RunOrchestrator(on, WaveListener.NONE, TIERS, cancellation, clock).run(plan, built),
        background);
  }

  private static RunOutcome finished(CompletableFuture<RunOutcome> outcome) {
    await().until(outcome::isDone);
    return outcome.join();
  }

  static List<Batch> pooled(String prefix, int count, String... uses) {
    return IntStream.rangeClosed(1, count)
        .mapToObj(
            i ->
                new Batch(
                    prefix + i,
                    1,
                    MemorySize.parse("100m"),
                    List.of(),
                    "hold",
                    null,
                    null,
                    List.of(),
                    List.of(uses)))
        .toList();
  }

  private static Batch batch(String id, String prompt) {
    return new Batch(id, 1, MemorySize.parse("100m"), List.of(), prompt);
  }

  static WavePlan plan(Map<String, Integer> pools, Wave... waves) {
    return new WavePlan("plan.json", "task", List.of(waves), pools);
  }

  static RunSettings.Builder settings(Path runDirectory, String runId) {
    return RunSettings.builder(
            new SpawnSettings(
                "fake:latest", null, null, Map.of(), 4, runId, false, ContainerSecurity.DEFAULT),
            runDirectory)
        .memoryBudget(MemorySize.parse("1g"))
        .waveTimeout(Duration.ofMinutes(1))
        .stopGrace(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .retries(0, Set.of(ExitStatus.FAILED), Duration.ZERO)
        .logs(LogPolicy.FAILED, 1 << 20);
  }
}
