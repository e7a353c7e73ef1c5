package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cfnwave.attempt.BatchContainers;
import dev.cfnwave.attempt.LogPolicy;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.backend.memory.InMemoryEngine;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.Journal;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.run.journal.RunStatus;
import dev.cfnwave.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A network's room as a resource of the run, against the in-memory engine's counted networks. */
class NetworkRoomAdmissionTest {

  private static final TierTable TIERS =
      TierTable.fromEnvironment(Map.of("CFN_TIER_1_MEMORY", "100m"));
  private static final String NETWORK = "cfn-test-net";

  /** On a loaded machine a run's steps can lag: waits are long, never part of an assertion. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path runDirectory;
  private final InMemoryBackend backend = new InMemoryBackend();
  private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
  private final Cancellation cancellation = new Cancellation();
  private final List<WaveEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeEngine() {
    cancellation.request(15);
    background.close();
    backend.close();
  }

  @Test
  void aFullNetworkMakesBatchesWaitInsteadOfFailing() {
    backend.engine().limitNetwork(NETWORK, 3);
    backend.engine().occupy(NETWORK, 1);
    List<String> ids = List.of("a", "b", "c", "d", "e");

    CompletableFuture<RunOutcome> outcome = runInBackground(holding(ids), settings(runDirectory));
    for (int finished = 0; finished < ids.size(); finished++) {
      long expected = Math.min(2, ids.size() - finished);
      await().atMost(PATIENCE).until(() -> backend.runningCount() == expected);
      String next = ids.stream().filter(id -> backend.runningCount(id) > 0).findFirst().get();
      backend.finish(next, 0);
    }

    RunOutcome done = finished(outcome);
    assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(done.report().batches()).allSatisfy(b -> assertThat(b.attempts()).hasSize(1));
    assertThat(peakRunning()).isEqualTo(2);
    assertThat(events)
        .anyMatch(
            e ->
                e instanceof WaveEvent.NetworkUse use
                    && use.network().equals(NETWORK)
                    && use.inUse() == 3
                    && use.endpoints() == 3);
  }

  @Test
  void aNetworkFullAnswerAtStartRequeuesTheAttemptWithoutUsingARetry() {
    backend.engine().limitNetwork(NETWORK, 3);
    backend.engine().takeEndpointBeforeNextStart(NETWORK);

    RunOutcome done =
        finished(runInBackground(plan(wave(List.of("a", "b"), "ms=20")), settings(runDirectory)));

    assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(done.report().batches())
        .allSatisfy(b -> assertThat(b.attempts()).hasSize(1))
        .extracting(RunReport.BatchReport::finalStatus)
        .containsOnly("success");
    List<JournalEntry> journal = Journal.read(runDirectory.resolve(RunFolder.JOURNAL));
    assertThat(journal).filteredOn(e -> e.type().equals(JournalEntry.ATTEMPT_REQUEUED)).hasSize(1);
    assertThat(journal)
        .filteredOn(e -> e.type().equals(JournalEntry.ATTEMPT_ENDED))
        .allSatisfy(e -> assertThat(e.exitStatus()).isEqualTo("success"))
        .hasSize(2);
    assertThat(events).noneMatch(e -> e instanceof WaveEvent.SpawnFailed);
    assertThat(events).noneMatch(e -> e instanceof WaveEvent.RetryScheduled);
    assertThat(backend.liveCount()).isZero();
  }

  @Test
  void aNetworkThatRefusesEveryStartEndsTheAttemptAfterThirtyRequeues() {
    backend.engine().limitNetwork(NETWORK, 3);
    backend.engine().refuseStartsOn(NETWORK);
    ManualClock clock = new ManualClock();
    WavePlan plan = plan(wave(List.of("a"), "ms=20"));
    RunSettings built = settings(runDirectory).waveTimeout(Duration.ofHours(1)).build();
    AtomicInteger requeues = new AtomicInteger();
    WaveListener listener =
        new WaveListener() {
          @Override
          public void on(WaveEvent event) {}

          @Override
          public void info(String message) {
            if (message.contains("back in the queue")) {
              requeues.incrementAndGet();
            }
          }
        };
    CompletableFuture<RunOutcome> outcome =
        CompletableFuture.supplyAsync(
            () ->
                new RunOrchestrator(backend, listener, TIERS, cancellation, clock).run(plan, built),
            background);
    // Each requeue waits its backoff on the run's clock: move it on once per requeue.
    AtomicInteger waited = new AtomicInteger();
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              if (requeues.get() > waited.get()) {
                waited.incrementAndGet();
                clock.advance(RunSteps.NETWORK_FULL_BACKOFF);
              }
              return outcome.isDone();
            });

    RunOutcome done = outcome.join();
    assertThat(done.status()).isEqualTo(RunStatus.FAILED);
    List<JournalEntry> journal = Journal.read(runDirectory.resolve(RunFolder.JOURNAL));
    assertThat(journal)
        .filteredOn(e -> e.type().equals(JournalEntry.ATTEMPT_REQUEUED))
        .hasSize(NetworkFullLimit.MOST_IN_A_ROW);
    assertThat(journal)
        .filteredOn(e -> e.type().equals(JournalEntry.ATTEMPT_ENDED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.exitStatus()).isEqualTo("failed");
              assertThat(e.error()).contains("31 starts in a row").contains("exchange full");
            });
    assertThat(backend.liveCount()).isZero();
  }

  @Test
  void aResumeReplaysARequeuedAttemptAsNeverLaunched() {
    Batch a = new Batch("a", 1, MemorySize.parse("100m"), List.of(), "ms=20");
    BatchRun run = new BatchRun(a, 1, 0);
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    String name = BatchContainers.containerName(1, "a", "unit", 1);
    try (Journal journal = Journal.open(runDirectory.resolve(RunFolder.JOURNAL), backend.name())) {
      journal.append(JournalEntry.runStarted(at, "1g"));
      journal.append(run.starting(new Attempt(1, a, name, "fake:latest", null), at));
      journal.append(run.requeued("exchange full", at, at));
    }

    RunOutcome done =
        finished(runInBackground(plan(new Wave(1, List.of(a))), settings(runDirectory)));

    assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(done.report().batches())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.attempts()).hasSize(1);
              assertThat(b.finalStatus()).isEqualTo("success");
            });
  }

  @Test
  void twoRunsShareTheRoomOfOneNetwork(@TempDir Path otherDirectory) {
    backend.engine().limitNetwork(NETWORK, 3);
    List<String> first = List.of("a1", "a2", "a3");
    List<String> second = List.of("b1", "b2", "b3");

    CompletableFuture<RunOutcome> a = runInBackground(holding(first), settings(runDirectory));
    CompletableFuture<RunOutcome> b =
        runInBackground(holding(second), settings(otherDirectory, "unit2"));
    List<String> ids = new ArrayList<>(first);
    ids.addAll(second);
    for (int finished = 0; finished < ids.size(); finished++) {
      long expected = Math.min(3, ids.size() - finished);
      await().atMost(PATIENCE).until(() -> backend.runningCount() == expected);
      String next = ids.stream().filter(id -> backend.runningCount(id) > 0).findFirst().get();
      backend.finish(next, 0);
    }

    assertThat(finished(a).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(finished(b).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(peakRunning()).isEqualTo(3);
  }

  @Test
  void attemptsSpreadOverTheRunsNetworks() {
    backend.engine().limitNetwork(NETWORK, 1);
    backend.engine().limitNetwork(NETWORK + "-2", 1);
    List<String> ids = List.of("a", "b", "c");

    CompletableFuture<RunOutcome> outcome =
        runInBackground(holding(ids), settings(runDirectory).networksPerRun(2));
    for (int finished = 0; finished < ids.size(); finished++) {
      long expected = Math.min(2, ids.size() - finished);
      await().atMost(PATIENCE).until(() -> backend.runningCount() == expected);
      String next = ids.stream().filter(id -> backend.runningCount(id) > 0).findFirst().get();
      backend.finish(next, 0);
    }

    assertThat(finished(outcome).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(peakRunning()).isEqualTo(2);
  }

  /** The most containers the engine ran at once, from its timeline. */
  private int peakRunning() {
    int running = 0;
    int peak = 0;
    for (InMemoryEngine.Moment m : backend.timeline()) {
      running += m.start() ? 1 : -1;
      peak = Math.max(peak, running);
    }
    return peak;
  }

  private CompletableFuture<RunOutcome> runInBackground(WavePlan plan, RunSettings.Builder s) {
    RunSettings built = s.build();
    WaveListener listener =
        new WaveListener() {
          @Override
          public void on(WaveEvent event) {
            events.add(event);
          }
        };
    return CompletableFuture.supplyAsync(
        () -> new RunOrchestrator(backend, listener, TIERS, cancellation).run(plan, built),
        background);
  }

  private static RunOutcome finished(CompletableFuture<RunOutcome> outcome) {
    await().atMost(PATIENCE).until(outcome::isDone);
    return outcome.join();
  }

  private static WavePlan holding(List<String> ids) {
    return plan(wave(ids, "hold"));
  }

  private static Wave wave(List<String> ids, String prompt) {
    return new Wave(
        1,
        ids.stream()
            .map(id -> new Batch(id, 1, MemorySize.parse("100m"), List.of(), prompt))
            .toList());
  }

  private static WavePlan plan(Wave wave) {
    return new WavePlan("plan.json", "task", List.of(wave));
  }

  private static RunSettings.Builder settings(Path directory) {
    return settings(directory, "unit");
  }

  private static RunSettings.Builder settings(Path directory, String runId) {
    return RunSettings.builder(
            new SpawnSettings(
                "fake:latest", null, NETWORK, Map.of(), 4, runId, false, ContainerSecurity.DEFAULT),
            directory)
        .memoryBudget(MemorySize.parse("1g"))
        .waveTimeout(Duration.ofMinutes(1))
        .stopGrace(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .retries(0, Set.of(ExitStatus.FAILED), Duration.ofMillis(10))
        .logs(LogPolicy.FAILED, 1 << 20);
  }
}
