package dev.cfnwave.run;

import static dev.cfnwave.run.InMemoryRuns.TIERS;
import static dev.cfnwave.run.InMemoryRuns.batch;
import static dev.cfnwave.run.InMemoryRuns.count;
import static dev.cfnwave.run.InMemoryRuns.results;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.backend.memory.InMemoryEngine;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.BatchGroup;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.run.journal.Journal;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.run.journal.RunStatus;
import dev.cfnwave.testing.ManualClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Best-of-N groups and --halt success=N through the whole run loop, on the in-memory engine and a
 * manual clock: "hold" batches run until stopped, so a run that did not cancel them would never end
 * (the timeout only guards the build).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BestOfNTest {

  @TempDir Path runDirectory;
  private final ManualClock clock = new ManualClock();
  private final InMemoryBackend backend = new InMemoryBackend();
  private final Cancellation cancellation = new Cancellation();

  @AfterEach
  void closeEngine() {
    backend.close();
  }

  @Test
  void aGroupWithItsSuccessCancelsItsOthersAndTheirDependents() {
    WavePlan plan =
        new WavePlan(
            "plan.json",
            "task",
            List.of(
                new Wave(
                    1,
                    List.of(
                        batch("fast", "ms=1"),
                        batch("slow-1", "hold"),
                        batch("slow-2", "hold"),
                        batch("other", "ms=1"))),
                new Wave(2, List.of(batch("review", "ms=1", "slow-1")))),
            Map.of(),
            List.of(new BatchGroup("fix-auth", 1, List.of("fast", "slow-1", "slow-2"))));

    RunOutcome outcome = run(plan, InMemoryRuns.settings(runDirectory));

    assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(results(outcome))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "fast", "success",
                "slow-1", "cancelled: group fix-auth had its 1 success",
                "slow-2", "cancelled: group fix-auth had its 1 success",
                "other", "success",
                "review", "cancelled: dependency slow-1 was cancelled"));
    assertThat(outcome.report().metrics().cancelled()).isEqualTo(3);
    List<JournalEntry> journal = journal();
    for (String id : List.of("slow-1", "slow-2")) {
      if (started(id)) {
        assertThat(journal)
            .as(id + " was stopped for its group")
            .anyMatch(
                e ->
                    e.type().equals(JournalEntry.ATTEMPT_STOPPING)
                        && id.equals(e.batchId())
                        && "cancelled".equals(e.error()));
      }
      assertThat(count(journal, JournalEntry.BATCH_CANCELLED, id)).isEqualTo(1);
    }
    assertThat(started("review")).isFalse();
    assertThat(backend.timeline().stream().filter(InMemoryEngine.Moment::start).count())
        .as("every container that started ended")
        .isEqualTo(backend.timeline().stream().filter(m -> !m.start()).count());
  }

  @Test
  void haltNowCancelsEveryOtherBatchOfTheRunOnceItHadItsSuccess() {
    WavePlan plan =
        new WavePlan(
            "plan.json",
            "task",
            List.of(
                new Wave(1, List.of(batch("fast", "ms=1"), batch("slow", "hold"))),
                new Wave(2, List.of(batch("later", "ms=1")))));

    RunOutcome outcome = run(plan, InMemoryRuns.settings(runDirectory).halt(new Halt(true, 1)));

    assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(results(outcome))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "fast", "success",
                "slow", "cancelled: the run had its 1 success (--halt)",
                "later", "cancelled: the run had its 1 success (--halt)"));
    assertThat(started("later")).isFalse();
  }

  @Test
  void haltSoonLetsRunningAttemptsEndAndStartsNoMore() {
    WavePlan plan =
        new WavePlan(
            "plan.json",
            "task",
            List.of(
                new Wave(1, List.of(batch("fast", "ms=1"), batch("slower", "ms=300"))),
                new Wave(2, List.of(batch("later", "ms=1")))));

    RunOutcome outcome = run(plan, InMemoryRuns.settings(runDirectory).halt(new Halt(false, 1)));

    assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(results(outcome))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "fast", "success",
                "slower", "success",
                "later", "cancelled: the run had its 1 success (--halt)"));
  }

  @Test
  void aFailureBesideCancelledBatchesStillFailsTheRun() {
    WavePlan plan =
        new WavePlan(
            "plan.json",
            "task",
            List.of(
                new Wave(
                    1,
                    List.of(batch("fast", "ms=1"), batch("slow", "hold"), batch("bad", "exit=3")))),
            Map.of(),
            List.of(new BatchGroup("g", 1, List.of("fast", "slow"))));

    RunOutcome outcome = run(plan, InMemoryRuns.settings(runDirectory).keepGoing(true));

    assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
    assertThat(results(outcome)).containsEntry("slow", "cancelled: group g had its 1 success");
  }

  private RunOutcome run(WavePlan plan, RunSettings.Builder settings) {
    return new RunOrchestrator(backend, WaveListener.NONE, TIERS, cancellation, clock)
        .run(plan, settings.build());
  }

  private boolean started(String batchId) {
    return backend.timeline().stream().anyMatch(m -> m.start() && batchId.equals(m.batchId()));
  }

  private List<JournalEntry> journal() {
    return Journal.read(runDirectory.resolve(RunFolder.JOURNAL));
  }
}
