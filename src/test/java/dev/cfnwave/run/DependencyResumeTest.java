package dev.cfnwave.run;

import static dev.cfnwave.run.InMemoryRuns.TIERS;
import static dev.cfnwave.run.InMemoryRuns.batch;
import static dev.cfnwave.run.InMemoryRuns.count;
import static dev.cfnwave.run.InMemoryRuns.results;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.backend.memory.InMemoryEngine;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.journal.Journal;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunFolder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with dependencies killed after any line of its journal resumes to the same results: a
 * dependency that succeeded before the crash still counts (it does not run again), skipped batches
 * stay skipped with their reason and never start, and those the crash left unskipped are skipped.
 */
class DependencyResumeTest {

  private static final WavePlan PLAN =
      new WavePlan(
          "plan.json",
          "task",
          List.of(
              new Wave(1, List.of(batch("ok", "ms=1"), batch("bad", "ms=1 exit=3"))),
              new Wave(
                  2,
                  List.of(
                      batch("after-ok", "ms=1", "ok"),
                      batch("after-bad", "ms=1", "bad"),
                      batch("chain", "ms=1", "after-bad", "after-ok")))));

  @TempDir static Path recorded;
  private static List<String> journal;
  private static Map<String, String> results;

  @TempDir Path folder;

  @BeforeAll
  static void recordARun() throws Exception {
    RunOutcome outcome;
    try (InMemoryBackend backend = new InMemoryBackend()) {
      outcome = run(backend, recorded);
    }
    journal = Files.readAllLines(recorded.resolve(RunFolder.JOURNAL), StandardCharsets.UTF_8);
    results = results(outcome);
    assertThat(results)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ok", "success",
                "bad", "failed",
                "after-ok", "success",
                "after-bad", "skipped: dependency bad failed",
                "chain", "skipped: dependency after-bad failed (skipped)"));
  }

  @Test
  void everyPrefixResumesToTheSameResults() throws Exception {
    for (int lines = 0; lines <= journal.size(); lines++) {
      String what = "after " + lines + " lines";
      Path runDirectory = Files.createDirectory(folder.resolve("prefix-" + lines));
      Files.writeString(
          runDirectory.resolve(RunFolder.JOURNAL),
          String.join("\n", journal.subList(0, lines)) + (lines == 0 ? "" : "\n"));
      List<JournalEntry> before = Journal.read(runDirectory.resolve(RunFolder.JOURNAL));

      RunOutcome outcome;
      List<InMemoryEngine.Moment> timeline;
      try (InMemoryBackend backend = new InMemoryBackend()) {
        outcome = run(backend, runDirectory);
        timeline = backend.timeline();
      }

      assertThat(results(outcome)).as(what).isEqualTo(results);
      assertThat(timeline)
          .as(what + ": skipped batches never start")
          .extracting(InMemoryEngine.Moment::batchId)
          .doesNotContain("after-bad", "chain");
      long okRanBefore = count(before, JournalEntry.ATTEMPT_ENDED, "ok");
      assertThat(timeline.stream().filter(m -> m.start() && "ok".equals(m.batchId())).count())
          .as(what + ": ok runs only if the journal has not seen it end")
          .isEqualTo(1 - okRanBefore);
      List<JournalEntry> after = Journal.read(runDirectory.resolve(RunFolder.JOURNAL));
      for (String id : List.of("after-bad", "chain")) {
        assertThat(count(after, JournalEntry.BATCH_SKIPPED, id))
            .as(what + ": " + id + " is skipped once")
            .isEqualTo(1);
      }
    }
  }

  private static RunOutcome run(InMemoryBackend backend, Path runDirectory) {
    RunSettings settings =
        InMemoryRuns.settings(runDirectory)
            .keepGoing(true)
            .retries(1, Set.of(ExitStatus.FAILED), Duration.ZERO)
            .build();
    return new RunOrchestrator(backend, WaveListener.NONE, TIERS, new Cancellation())
        .run(PLAN, settings);
  }
}
