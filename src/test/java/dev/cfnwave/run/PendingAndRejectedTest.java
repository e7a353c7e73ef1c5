package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cfnwave.attempt.LogPolicy;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.backend.memory.PlacingBackend;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.Json;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.run.journal.Journal;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.run.journal.RunStatus;
import dev.cfnwave.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run does with attempts a backend starts only once it places them (Swarm): a pending
 * attempt's reason is told, its time limit counts from its start, the pending limit stops and
 * rejects it, and a rejected attempt settles at once, whatever the retries.
 */
class PendingAndRejectedTest {

  private static final TierTable TIERS = TierTable.fromEnvironment(Map.of());
  private static final String NO_NODE = "no suitable node (insufficient resources on 3 nodes)";

  @TempDir Path runDirectory;
  private final ManualClock clock = new ManualClock();
  private final PlacingBackend backend = new PlacingBackend(new InMemoryBackend());
  private final List<WaveEvent> events = new CopyOnWriteArrayList<>();
  private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
  private final Cancellation cancellation = new Cancellation();

  @AfterEach
  void stop() {
    cancellation.request(15);
    background.close();
    backend.close();
  }

  @Test
  void aRejectedAttemptSettlesRejectedWithTheEnginesErrorAndIsNotRetried() {
    String error = "node host-1 (n1) rejected the task: No such image: agent:1";
    backend.reject("bad", error);

    RunOutcome outcome =
        finished(
            run(
                plan("bad:hold", "good"),
                settings()
                    .retries(
                        3,
                        Set.of(ExitStatus.FAILED, ExitStatus.OOM_KILLED, ExitStatus.TIMEOUT),
                        Duration.ZERO)));

    RunReport.BatchReport bad = batch(outcome, "bad");
    assertThat(bad.finalStatus()).isEqualTo("rejected");
    assertThat(bad.attempts()).singleElement();
    assertThat(bad.attempts().get(0).exitStatus()).isEqualTo("rejected");
    assertThat(bad.attempts().get(0).error()).isEqualTo(error);
    assertThat(bad.attempts().get(0).exitCode()).isNull();
    assertThat(batch(outcome, "good").finalStatus()).isEqualTo("success");
    assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
    assertThat(outcome.report().metrics().failed()).isEqualTo(1);
  }

  @Test
  void anAttemptNotStartedWithinThePendingLimitIsStoppedAndRejectedWithTheReason() {
    backend.hold("big", NO_NODE);
    CompletableFuture<RunOutcome> outcome =
        run(
            plan("big:hold"),
            settings()
                .pendingTimeout(Duration.ofSeconds(30))
                .retries(2, Set.of(ExitStatus.FAILED, ExitStatus.TIMEOUT), Duration.ZERO));
    await().until(() -> events.contains(pending("big")));

    clock.advance(Duration.ofSeconds(30));

    RunReport.BatchReport big = batch(finished(outcome), "big");
    assertThat(big.finalStatus()).isEqualTo("rejected");
    assertThat(big.attempts()).singleElement();
    assertThat(big.attempts().get(0).error())
        .isEqualTo("not started within --pending-timeout: " + NO_NODE);
    assertThat(big.attempts().get(0).startedAt()).isNull();
    assertThat(journal(JournalEntry.ATTEMPT_STOPPING))
        .singleElement()
        .satisfies(e -> assertThat(e.error()).isEqualTo("pending_timeout"));
  }

  @Test
  void theBatchTimeLimitCountsFromTheStartNotFromTheLaunch() {
    backend.hold("slow", NO_NODE);
    Instant launched = clock.instant();
    CompletableFuture<RunOutcome> outcome =
        run(
            plan("slow:hold"),
            settings()
                .waveTimeout(Duration.ofMinutes(10))
                .batchTimeout(Duration.ofSeconds(10))
                .pendingTimeout(Duration.ofSeconds(60)));
    await().until(() -> events.contains(pending("slow")));

    clock.advance(Duration.ofSeconds(20));
    await().until(() -> progressedTo(Duration.ofSeconds(20)));
    assertThat(journal(JournalEntry.ATTEMPT_STOPPING)).as("stopped while pending").isEmpty();
    Instant started = clock.instant();
    backend.place("slow", started);
    clock.advance(Duration.ofSeconds(10));

    RunReport.BatchReport slow = batch(finished(outcome), "slow");
    assertThat(slow.finalStatus()).isEqualTo("timeout");
    assertThat(slow.attempts().get(0).startedAt()).isEqualTo(Json.timestamp(started));
    assertThat(journal(JournalEntry.ATTEMPT_STOPPING))
        .singleElement()
        .satisfies(e -> assertThat(e.error()).isEqualTo("timeout"))
        .satisfies(e -> assertThat(e.at()).isEqualTo(launched.plusSeconds(30).toString()));
  }

  private WaveEvent pending(String batchId) {
    return events.stream()
        .filter(e -> e instanceof WaveEvent.AttemptPending p && p.batchId().equals(batchId))
        .filter(e -> ((WaveEvent.AttemptPending) e).reason().equals(NO_NODE))
        .findFirst()
        .orElse(null);
  }

  private boolean progressedTo(Duration elapsed) {
    return events.stream()
        .anyMatch(e -> e instanceof WaveEvent.RunProgress p && p.elapsed().compareTo(elapsed) >= 0);
  }

  private List<JournalEntry> journal(String type) {
    return Journal.read(runDirectory.resolve(RunFolder.JOURNAL)).stream()
        .filter(e -> e.type().equals(type))
        .toList();
  }

  private CompletableFuture<RunOutcome> run(WavePlan plan, RunSettings.Builder settings) {
    RunSettings built = settings.build();
    return CompletableFuture.supplyAsync(
        () ->
            new RunOrchestrator(backend, events::add, TIERS, cancellation, clock).run(plan, built),
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

  /** One wave of batches "id:behaviour" (the in-memory engine's prompt; default: ends at once). */
  private static WavePlan plan(String... batches) {
    List<Batch> list =
        java.util.Arrays.stream(batches)
            .map(
                spec -> {
                  String[] parts = spec.split(":", 2);
                  String prompt = parts.length == 2 ? parts[1] : "ms=20";
                  return new Batch(parts[0], 1, MemorySize.parse("100m"), List.of(), prompt);
                })
            .toList();
    return new WavePlan("plan.json", "task", List.of(new Wave(1, list)));
  }

  private RunSettings.Builder settings() {
    return RunSettings.builder(
            new SpawnSettings(
                "fake:latest", null, null, Map.of(), 4, "unit", false, ContainerSecurity.DEFAULT),
            runDirectory)
        .memoryBudget(MemorySize.parse("1g"))
        .waveTimeout(Duration.ofMinutes(1))
        .stopGrace(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .retries(0, Set.of(ExitStatus.FAILED), Duration.ZERO)
        .logs(LogPolicy.FAILED, 1 << 20);
  }
}
