package dev.cfnwave.run;

import static dev.cfnwave.run.PoolLimitTest.plan;
import static dev.cfnwave.run.PoolLimitTest.pooled;
import static dev.cfnwave.run.PoolLimitTest.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.run.admission.Pools;
import dev.cfnwave.run.journal.RunStatus;
import dev.cfnwave.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rate-limited attempts: backoff, AIMD pool limits, retries untouched, giving up. */
class RateLimitTest {

  private static final TierTable TIERS =
      TierTable.fromEnvironment(Map.of("CFN_TIER_1_MEMORY", "100m"));

  @TempDir Path runDirectory;
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
  void aRateLimitedBatchBacksOffHalvesItsPoolAndDoesNotUseARetry() {
    WavePlan plan = plan(Map.of("api", 2), new Wave(1, pooled("p", 2, "api")));
    CompletableFuture<RunOutcome> outcome =
        runInBackground(plan, settings(runDirectory, "one").pools(pools(Duration.ofMinutes(10))));
    await().until(() -> backend.runningCount("p1") == 1 && backend.runningCount("p2") == 1);

    backend.finish("p1", 75);
    await().until(() -> backend.runningCount("p1") == 0);
    clock.advance(Duration.ofSeconds(5));
    assertThat(backend.createdCount()).as("the pool's limit is 1 and p2 holds it").isEqualTo(2);

    backend.finish("p2", 0);
    await().until(() -> backend.runningCount("p1") == 1);
    backend.finish("p1", 75);
    await().until(() -> backend.runningCount("p1") == 0);
    clock.advance(Duration.ofSeconds(5));
    await().until(() -> backend.runningCount("p1") == 1);
    backend.finish("p1", 0);

    RunOutcome done = finished(outcome);
    assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
    RunReport.BatchReport p1 = batch(done, "p1");
    assertThat(p1.finalStatus()).isEqualTo("success");
    assertThat(p1.attempts())
        .extracting(RunReport.AttemptReport::exitStatus)
        .as("with --retries 0")
        .containsExactly("rate_limited", "rate_limited", "success");
    assertThat(done.report().pools())
        .as("halved twice, raised by each success")
        .containsExactly(new RunReport.PoolReport("api", 2, 2, 2));
  }

  @Test
  void aRunGettingOnlyRateLimitsStopsAfterTheTimeout() {
    WavePlan plan = plan(Map.of("api", 1), new Wave(1, pooled("p", 2, "api")));
    CompletableFuture<RunOutcome> outcome =
        runInBackground(plan, settings(runDirectory, "one").pools(pools(Duration.ofSeconds(30))));
    for (int i = 0; i < 3; i++) {
      await().until(() -> backend.runningCount() == 1);
      String limited = backend.runningCount("p1") == 1 ? "p1" : "p2";
      backend.finish(limited, 75);
      await().until(() -> backend.runningCount(limited) == 0);
      clock.advance(Duration.ofSeconds(10));
    }
    await().until(() -> backend.runningCount() == 1);
    backend.finish(backend.runningCount("p1") == 1 ? "p1" : "p2", 75);

    RunOutcome done = finished(outcome);
    assertThat(done.status()).isNotEqualTo(RunStatus.SUCCEEDED);
    assertThat(done.report().batches())
        .extracting(RunReport.BatchReport::finalStatus)
        .allMatch(s -> s.equals("rate_limited") || s.equals("not_started"));
  }

  @Test
  void poolLimitsHalveOnRateLimitsAndGrowByOneOnSuccess() {
    Pools pools = new Pools(Map.of("api", 8));

    pools.rateLimited(List.of("api"));
    assertThat(pools.states().get(0).limit()).isEqualTo(4);
    pools.rateLimited(List.of("api"));
    pools.rateLimited(List.of("api"));
    pools.rateLimited(List.of("api"));
    assertThat(pools.states().get(0).limit()).as("at least 1").isEqualTo(1);
    pools.succeeded(List.of("api"));
    assertThat(pools.states().get(0).limit()).isEqualTo(2);
    for (int i = 0; i < 10; i++) {
      pools.succeeded(List.of("api"));
    }
    assertThat(pools.states().get(0).limit()).as("never above the plan's").isEqualTo(8);
    assertThat(pools.states().get(0).rateLimited()).isEqualTo(4);
  }

  @Test
  void theBackoffGrowsWithRateLimitsInARowUpToItsCap() {
    PoolSettings settings =
        new PoolSettings(
            Map.of(),
            Set.of(75L),
            Duration.ofMinutes(10),
            Duration.ofSeconds(1),
            Duration.ofSeconds(8),
            new SplittableRandom(7));
    for (int row = 1; row <= 6; row++) {
      long ceiling = Math.min(8000, 1000L << (row - 1));
      assertThat(settings.backoff(row).toMillis()).isBetween(ceiling / 2, ceiling);
    }
  }

  private static PoolSettings pools(Duration timeout) {
    return new PoolSettings(
        Map.of(),
        Set.of(75L),
        timeout,
        Duration.ofSeconds(1),
        Duration.ofSeconds(4),
        new SplittableRandom(1));
  }

  private CompletableFuture<RunOutcome> runInBackground(
      WavePlan plan, RunSettings.Builder settings) {
    RunSettings built = settings.build();
    return CompletableFuture.supplyAsync(
        () ->
            new RunOrchestrator(backend, WaveListener.NONE, TIERS, cancellation, clock)
                .run(plan, built),
        background);
  }

  private static RunOutcome finished(CompletableFuture<RunOutcome> outcome) {
    await().until(outcome::isDone);
    return outcome.join();
  }

  private static RunReport.BatchReport batch(RunOutcome outcome, String batchId) {
    return outcome.report().batches().stream()
        .filter(b -> b.batchId().equals(batchId))
        .findFirst()
        .orElseThrow();
  }
}
