package dev.cfnwave.run;

import static dev.cfnwave.run.PoolLimitTest.plan;
import static dev.cfnwave.run.PoolLimitTest.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.report.FailureRule;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --retry-on exit:N and --fail-fast-on-log through a whole run on the in-memory backend. */
class FailureRulesRunTest {

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
  void onlyAFailedAttemptWithAListedExitCodeIsRetried() {
    RunSettings.Builder settings =
        settings(runDirectory, "exits")
            .retries(2, Set.of(), Duration.ZERO)
            .failureRules(new FailureRules(Set.of(3L), List.of()));
    CompletableFuture<RunOutcome> outcome =
        runInBackground(new Wave(1, List.of(holding("three", ""), holding("four", ""))), settings);

    await().until(() -> backend.runningCount() == 2);
    backend.finish("four", 4);
    backend.finish("three", 3);
    await().until(() -> backend.createdCount() == 3 && backend.runningCount("three") == 1);
    backend.finish("three", 0);

    RunOutcome done = finished(outcome);
    RunReport.BatchReport three = batch(done, "three");
    assertThat(three.finalStatus()).isEqualTo("success");
    assertThat(three.attempts())
        .extracting(RunReport.AttemptReport::rule)
        .containsExactly(FailureRule.retryOnExit(3), null);
    RunReport.BatchReport four = batch(done, "four");
    assertThat(four.finalStatus()).isEqualTo("failed");
    assertThat(four.attempts()).hasSize(1);
    assertThat(four.attempts().get(0).rule()).isNull();
  }

  @Test
  void aFailureWhoseLogMatchesSettlesItsBatchWithTheRuleJournaled() throws Exception {
    RunSettings.Builder settings =
        settings(runDirectory, "logs")
            .retries(2, Set.of(dev.cfnwave.report.ExitStatus.FAILED), Duration.ZERO)
            .failureRules(new FailureRules(Set.of(), List.of("quota.exceeded")));
    CompletableFuture<RunOutcome> outcome =
        runInBackground(
            new Wave(1, List.of(holding("fatal", "say=quota_exceeded"), holding("flaky", ""))),
            settings);

    await().until(() -> backend.runningCount() == 2);
    backend.finish("fatal", 1);
    backend.finish("flaky", 1);
    await().until(() -> backend.createdCount() == 3 && backend.runningCount("flaky") == 1);
    backend.finish("flaky", 0);

    RunOutcome done = finished(outcome);
    RunReport.BatchReport fatal = batch(done, "fatal");
    assertThat(fatal.finalStatus()).isEqualTo("failed");
    assertThat(fatal.attempts()).hasSize(1);
    assertThat(fatal.reason()).isEqualTo("log matched --fail-fast-on-log 'quota.exceeded'");
    assertThat(fatal.attempts().get(0).rule())
        .isEqualTo(FailureRule.failFastOnLog("quota.exceeded"));
    assertThat(batch(done, "flaky").attempts()).hasSize(2);
    assertThat(
            Files.readString(
                runDirectory
                    .resolve("logs")
                    .resolve(fatal.attempts().get(0).containerName() + ".log")))
        .as("the log read for the rule is the kept log")
        .contains("quota_exceeded");

    List<JournalEntry> journal = RunFolder.journal(runDirectory);
    assertThat(journal)
        .filteredOn(e -> "fatal".equals(e.batchId()))
        .filteredOn(e -> e.type().equals(JournalEntry.ATTEMPT_ENDED))
        .extracting(JournalEntry::rule)
        .containsExactly(FailureRule.failFastOnLog("quota.exceeded"));
    assertThat(journal)
        .filteredOn(e -> "fatal".equals(e.batchId()))
        .filteredOn(e -> e.type().equals(JournalEntry.BATCH_SETTLED))
        .extracting(JournalEntry::error)
        .containsExactly("log matched --fail-fast-on-log 'quota.exceeded'");
  }

  private static Batch holding(String id, String words) {
    return new Batch(id, 1, MemorySize.parse("100m"), List.of(), ("hold " + words).trim());
  }

  private CompletableFuture<RunOutcome> runInBackground(Wave wave, RunSettings.Builder settings) {
    RunSettings built = settings.build();
    return CompletableFuture.supplyAsync(
        () ->
            new RunOrchestrator(
                    backend,
                    WaveListener.NONE,
                    TierTable.fromEnvironment(Map.of("CFN_TIER_1_MEMORY", "100m")),
                    cancellation,
                    clock)
                .run(plan(Map.of(), wave), built),
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
