package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cfnwave.attempt.LogPolicy;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.backend.ImagePullException;
import dev.cfnwave.backend.memory.FakeImages;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.image.PinsFile;
import dev.cfnwave.image.PreparedImages;
import dev.cfnwave.image.PullSettings;
import dev.cfnwave.image.RunImages;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.PlanReader;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.run.journal.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's images against the in-memory engine: pinned, pulled ahead, waited for per batch. */
class RunImagesTest {

  private static final TierTable TIERS =
      TierTable.fromEnvironment(Map.of("CFN_TIER_1_MEMORY", "100m"));
  private static final String BASE = "team/agent:1";
  private static final String OTHER = "localhost:5000/team/other:2";
  private static final String D1 = "sha256:" + "1".repeat(64);
  private static final String D2 = "sha256:" + "2".repeat(64);
  private static final String D3 = "sha256:" + "3".repeat(64);

  @TempDir Path runDirectory;
  private final InMemoryBackend backend = new InMemoryBackend();
  private final FakeImages images = backend.images().onlyThoseAdded();
  private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
  private final Cancellation cancellation = new Cancellation();
  private PreparedImages prepared;

  @AfterEach
  void close() {
    cancellation.request(15);
    background.close();
    if (prepared != null) {
      prepared.close();
    }
    backend.close();
  }

  /** Wave 1: a (base image), b (OTHER); wave 2: c (OTHER). Prompts are the fake's behaviour. */
  private WavePlan plan(String promptOfA) {
    return new PlanReader(TIERS, w -> {})
        .parse(
            "plan.json",
            """
            {"waves": [
              {"wave_number": 1, "batches": [
                {"batch_id": "a", "tier": 1, "task_prompt": "%s"},
                {"batch_id": "b", "tier": 1, "image": "%s", "task_prompt": "ms=10"}]},
              {"wave_number": 2, "batches": [
                {"batch_id": "c", "tier": 1, "image": "%s", "task_prompt": "ms=10"}]}]}
            """
                .formatted(promptOfA, OTHER, OTHER));
  }

  private RunSettings settings(int retries) {
    return RunSettings.builder(
            new SpawnSettings(
                BASE, null, null, Map.of(), 4, "unit", false, ContainerSecurity.DEFAULT),
            runDirectory)
        .memoryBudget(MemorySize.parse("1g"))
        .waveTimeout(Duration.ofMinutes(1))
        .stopGrace(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .schedule(dev.cfnwave.run.admission.Schedule.CONTINUOUS)
        .retries(retries, Set.of(ExitStatus.FAILED), Duration.ofMillis(10))
        .logs(LogPolicy.FAILED, 1 << 20)
        .build();
  }

  private CompletableFuture<RunOutcome> start(WavePlan plan, RunSettings settings) {
    prepared =
        PreparedImages.check(
            backend,
            RunImages.of(plan, BASE, settings::includesWave),
            PullSettings.DEFAULTS,
            PinsFile.read(runDirectory),
            WaveListener.NONE);
    return CompletableFuture.supplyAsync(
        () ->
            new RunOrchestrator(backend, WaveListener.NONE, TIERS, cancellation)
                .run(plan, settings, prepared),
        background);
  }

  private static RunReport.AttemptReport attempt(RunOutcome outcome, String batchId, int number) {
    return outcome.report().batches().stream()
        .filter(b -> b.batchId().equals(batchId))
        .findFirst()
        .orElseThrow()
        .attempts()
        .get(number - 1);
  }

  @Test
  void aBatchWaitsForItsOwnImageOnlyAndEveryAttemptRunsThePin() {
    images.add(BASE, "sha256:" + "a".repeat(64), "team/agent@" + D1).publish(OTHER, D2, 1 << 20);
    images.holdPulls();

    CompletableFuture<RunOutcome> run = start(plan("ms=10"), settings(0));
    await().until(() -> !backend.engine().imagesCreatedFor("a").isEmpty());
    assertThat(backend.engine().imagesCreatedFor("b")).isEmpty();
    images.releasePulls();
    RunOutcome outcome = run.join();

    assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(images.pulls()).containsExactly("localhost:5000/team/other:2");
    assertThat(backend.engine().imagesCreatedFor("a")).containsExactly("team/agent@" + D1);
    assertThat(backend.engine().imagesCreatedFor("b"))
        .containsExactly("localhost:5000/team/other@" + D2);
    assertThat(backend.engine().imagesCreatedFor("c"))
        .containsExactly("localhost:5000/team/other@" + D2);
    assertThat(attempt(outcome, "b", 1))
        .extracting(RunReport.AttemptReport::image, RunReport.AttemptReport::imageDigest)
        .containsExactly(OTHER, D2);
    assertThat(RunFolder.journal(runDirectory))
        .filteredOn(e -> e.type().equals(JournalEntry.ATTEMPT_STARTING))
        .extracting(JournalEntry::batchId, JournalEntry::image, JournalEntry::imageDigest)
        .contains(org.assertj.core.groups.Tuple.tuple("a", BASE, D1));
  }

  @Test
  void aTagPushedDuringTheRunDoesNotChangeWhatLaterAttemptsRun() {
    images.add(BASE, "sha256:" + "a".repeat(64), "team/agent@" + D1).publish(OTHER, D2, 1);

    CompletableFuture<RunOutcome> run = start(plan("ms=10 exit=3"), settings(2));
    images.add(BASE, "sha256:" + "b".repeat(64), "team/agent@" + D3);
    RunOutcome outcome = run.join();

    assertThat(backend.engine().imagesCreatedFor("a")).hasSize(3).containsOnly("team/agent@" + D1);
    assertThat(outcome.report().batches().get(0).attempts())
        .extracting(RunReport.AttemptReport::imageDigest)
        .containsOnly(D1);
  }

  @Test
  void theBatchesOfAnImageThatCouldNotBePulledAreRejectedAndTheOthersRun() {
    images
        .add(BASE, "sha256:" + "a".repeat(64), "team/agent@" + D1)
        .publish(OTHER, D2, 1)
        .failPulls(
            OTHER,
            new ImagePullException(
                ImagePullException.Reason.UNREACHABLE, "localhost:5000 does not answer"));

    RunOutcome outcome = start(plan("ms=10"), settings(2)).join();

    assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
    assertThat(outcome.report().batches())
        .extracting(RunReport.BatchReport::batchId, RunReport.BatchReport::finalStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", "success"),
            org.assertj.core.groups.Tuple.tuple("b", "rejected"),
            org.assertj.core.groups.Tuple.tuple("c", "rejected"));
    assertThat(attempt(outcome, "b", 1).error())
        .isEqualTo("plan.json: $.waves[0].batches[1].image: localhost:5000 does not answer");
    assertThat(outcome.report().batches().get(1).attempts()).hasSize(1);
    assertThat(backend.engine().imagesCreatedFor("b")).isEmpty();
    assertThat(images.pulls()).hasSize(1);
  }

  @Test
  void aResumedRunRunsThePinsOfItsFirstProcess() {
    images.add(BASE, "sha256:" + "a".repeat(64), "team/agent@" + D1).publish(OTHER, D2, 1);
    WavePlan plan = plan("ms=10");
    start(plan, settings(0)).join();
    prepared.close();
    images.add(BASE, "sha256:" + "b".repeat(64), "team/agent@" + D3);
    images.add("team/agent@" + D1, "sha256:" + "a".repeat(64), "team/agent@" + D1);

    prepared =
        PreparedImages.check(
            backend,
            RunImages.of(plan, BASE, w -> true),
            PullSettings.DEFAULTS,
            PinsFile.read(runDirectory),
            WaveListener.NONE);

    assertThat(prepared.ready(BASE).orElseThrow().runAs()).isEqualTo("team/agent@" + D1);
  }
}
