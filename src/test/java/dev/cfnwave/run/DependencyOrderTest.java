package dev.cfnwave.run;

import static dev.cfnwave.run.InMemoryRuns.TIERS;
import static dev.cfnwave.run.InMemoryRuns.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.backend.memory.InMemoryEngine;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.run.admission.Schedule;
import dev.cfnwave.run.journal.Journal;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.run.journal.RunStatus;
import dev.cfnwave.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** depends_on through the whole run loop, on the in-memory engine and a manual clock. */
class DependencyOrderTest {

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

  @ParameterizedTest
  @EnumSource(Schedule.class)
  void aDiamondRunsInDependencyOrder(Schedule schedule) {
    WavePlan plan =
        plan(
            new Wave(
                1,
                List.of(
                    batch("d", "hold", "b", "c"),
                    batch("c", "hold", "a"),
                    batch("b", "hold", "a"),
                    batch("a", "hold"))));

    CompletableFuture<RunOutcome> outcome = runInBackground(plan, settings().schedule(schedule));
    await().until(() -> backend.runningCount("a") == 1);
    assertThat(backend.createdCount()).isEqualTo(1);
    backend.finish("a", 0);
    await().until(() -> backend.runningCount("b") == 1 && backend.runningCount("c") == 1);
    backend.finish("b", 0);
    await().until(() -> inJournal(JournalEntry.BATCH_SETTLED, "b"));
    assertThat(backend.createdCount()).as("d waits for c").isEqualTo(3);
    backend.finish("c", 0);
    await().until(() -> backend.runningCount("d") == 1);
    backend.finish("d", 0);

    assertThat(finished(outcome).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(startOf("b")).isGreaterThan(endOf("a"));
    assertThat(startOf("c")).isGreaterThan(endOf("a"));
    assertThat(startOf("d")).isGreaterThan(endOf("b")).isGreaterThan(endOf("c"));
  }

  @Test
  void continuousStartsADependentOfAnEarlierWaveAsSoonAsItsDependencySucceeded() {
    WavePlan plan =
        plan(
            new Wave(1, List.of(batch("a", "hold"), batch("slow", "hold"))),
            new Wave(2, List.of(batch("b", "hold", "a"))));

    CompletableFuture<RunOutcome> outcome =
        runInBackground(plan, settings().schedule(Schedule.CONTINUOUS));
    await().until(() -> backend.runningCount("a") == 1 && backend.runningCount("slow") == 1);
    assertThat(backend.runningCount("b")).isZero();
    backend.finish("a", 0);
    await().until(() -> backend.runningCount("b") == 1);
    assertThat(backend.runningCount("slow")).as("wave 1 is still running").isEqualTo(1);
    backend.finish("b", 0);
    backend.finish("slow", 0);

    assertThat(finished(outcome).status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void wavesKeepTheirBarrierAroundDependencies() {
    WavePlan plan =
        plan(
            new Wave(1, List.of(batch("a", "hold"), batch("slow", "hold"))),
            new Wave(2, List.of(batch("b", "hold", "a"))));

    CompletableFuture<RunOutcome> outcome = runInBackground(plan, settings());
    await().until(() -> backend.runningCount("a") == 1 && backend.runningCount("slow") == 1);
    backend.finish("a", 0);
    await().until(() -> inJournal(JournalEntry.BATCH_SETTLED, "a"));
    assertThat(backend.createdCount()).as("b waits for wave 1").isEqualTo(2);
    backend.finish("slow", 0);
    await().until(() -> backend.runningCount("b") == 1);
    backend.finish("b", 0);

    assertThat(finished(outcome).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(startOf("b")).isGreaterThan(endOf("slow"));
  }

  @ParameterizedTest
  @EnumSource(Schedule.class)
  void aFailedDependencySkipsItsDependentsTransitivelyAndKeepGoingRunsTheRest(Schedule schedule) {
    WavePlan plan =
        plan(
            new Wave(1, List.of(batch("a", "exit=1"), batch("b", "ms=1", "a"))),
            new Wave(2, List.of(batch("c", "ms=1", "b"), batch("free", "ms=1"))));

    RunOutcome outcome =
        run(
            plan,
            settings()
                .schedule(schedule)
                .keepGoing(true)
                .retries(2, Set.of(ExitStatus.FAILED), Duration.ZERO));

    assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
    assertThat(reportOf(outcome, "a").attempts()).as("after its retries").hasSize(3);
    assertThat(reportOf(outcome, "b").finalStatus()).isEqualTo("skipped");
    assertThat(reportOf(outcome, "b").reason()).isEqualTo("dependency a failed");
    assertThat(reportOf(outcome, "b").attempts()).isEmpty();
    assertThat(reportOf(outcome, "c").finalStatus()).isEqualTo("skipped");
    assertThat(reportOf(outcome, "c").reason()).isEqualTo("dependency b failed (skipped)");
    assertThat(reportOf(outcome, "free").finalStatus()).isEqualTo("success");
    assertThat(outcome.report().metrics().skipped()).isEqualTo(2);
    assertThat(backend.timeline())
        .extracting(InMemoryEngine.Moment::batchId)
        .doesNotContain("b", "c");
  }

  @ParameterizedTest
  @EnumSource(Schedule.class)
  void withoutKeepGoingDependentsAreSkippedAndTheRestNeverStarts(Schedule schedule) {
    WavePlan plan =
        plan(
            new Wave(1, List.of(batch("a", "exit=1"), batch("b", "ms=1", "a"))),
            new Wave(2, List.of(batch("c", "ms=1", "b"), batch("free", "ms=1"))));

    RunOutcome outcome = run(plan, settings().schedule(schedule));

    assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
    assertThat(reportOf(outcome, "b").finalStatus()).isEqualTo("skipped");
    assertThat(reportOf(outcome, "c").finalStatus()).isEqualTo("skipped");
    assertThat(backend.timeline())
        .extracting(InMemoryEngine.Moment::batchId)
        .doesNotContain("b", "c");
    if (schedule == Schedule.WAVES) {
      assertThat(reportOf(outcome, "free").finalStatus()).isEqualTo("not_started");
    }
  }

  @Test
  void aDependencyOutsideTheSelectedWavesIsNotChecked() {
    WavePlan plan =
        plan(
            new Wave(1, List.of(batch("a", "exit=1"))),
            new Wave(2, List.of(batch("b", "ms=1", "a"))));

    RunOutcome outcome = run(plan, settings().waves(List.of(2)));

    assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(reportOf(outcome, "b").finalStatus()).isEqualTo("success");
  }

  private RunOutcome run(WavePlan plan, RunSettings.Builder settings) {
    return new RunOrchestrator(backend, WaveListener.NONE, TIERS, cancellation, clock)
        .run(plan, settings.build());
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

  private static RunReport.BatchReport reportOf(RunOutcome outcome, String batchId) {
    return outcome.report().batches().stream()
        .filter(b -> b.batchId().equals(batchId))
        .findFirst()
        .orElseThrow();
  }

  private boolean inJournal(String type, String batchId) {
    Path journal = runDirectory.resolve(RunFolder.JOURNAL);
    return journal.toFile().exists()
        && Journal.read(journal).stream()
            .anyMatch(e -> e.type().equals(type) && batchId.equals(e.batchId()));
  }

  private int startOf(String batchId) {
    return indexOf(batchId, true);
  }

  private int endOf(String batchId) {
    return indexOf(batchId, false);
  }

  private int indexOf(String batchId, boolean start) {
    List<InMemoryEngine.Moment> timeline = backend.timeline();
    for (int i = 0; i < timeline.size(); i++) {
      if (timeline.get(i).start() == start && batchId.equals(timeline.get(i).batchId())) {
        return i;
      }
    }
    throw new AssertionError(batchId + " has no " + (start ? "start" : "end"));
  }

  private static WavePlan plan(Wave... waves) {
    return new WavePlan("plan.json", "task", List.of(waves));
  }

  private RunSettings.Builder settings() {
    return InMemoryRuns.settings(runDirectory);
  }
}
