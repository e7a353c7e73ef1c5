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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A best-of-N run killed after any line of its journal resumes to the same results: a group that
 * had its success starts no more of its batches, and cancelled batches stay cancelled.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BestOfNResumeTest {

  private static final WavePlan PLAN =
      new WavePlan(
          "plan.json",
          "task",
          List.of(
              new Wave(1, List.of(batch("fast", "ms=1"), batch("slow", "hold"))),
              new Wave(2, List.of(batch("after", "ms=1", "slow")))),
          Map.of(),
          List.of(new BatchGroup("g", 1, List.of("fast", "slow"))));

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
                "fast", "success",
                "slow", "cancelled: group g had its 1 success",
                "after", "cancelled: dependency slow was cancelled"));
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
      if (count(before, JournalEntry.BATCH_SETTLED, "fast") == 1) {
        assertThat(timeline)
            .as(what + ": the group had its success, nothing of it starts again")
            .noneMatch(InMemoryEngine.Moment::start);
      }
      List<JournalEntry> after = Journal.read(runDirectory.resolve(RunFolder.JOURNAL));
      for (String id : List.of("slow", "after")) {
        assertThat(count(after, JournalEntry.BATCH_CANCELLED, id))
            .as(what + ": " + id + " is cancelled once")
            .isEqualTo(1);
      }
    }
  }

  private static RunOutcome run(InMemoryBackend backend, Path runDirectory) {
    return new RunOrchestrator(backend, WaveListener.NONE, TIERS, new Cancellation())
        .run(PLAN, InMemoryRuns.settings(runDirectory).build());
  }
}
