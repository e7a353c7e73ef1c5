package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.backend.memory.InMemoryEngine;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.run.admission.Pools;
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
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose pool was lowered by rate limits, killed after any line of its journal, resumes with
 * the pool's limit as the journaled ends left it: no more of the pool's attempts start at once than
 * that limit, every batch still succeeds, and no retry is used.
 */
class PoolResumeTest {

  private static final int POOL = 4;
  private static final WavePlan PLAN =
      new WavePlan(
          "plan.json",
          "task",
          List.of(
              new Wave(
                  1,
                  IntStream.rangeClosed(1, POOL)
                      .mapToObj(i -> pooled("r" + i, "ms=20 limited=1"))
                      .toList())),
          Map.of("api", POOL));

  @TempDir static Path recorded;
  private static List<String> journal;

  @TempDir Path folder;

  @BeforeAll
  static void recordARun() throws Exception {
    RunOutcome outcome;
    try (InMemoryBackend backend = new InMemoryBackend()) {
      outcome = run(backend, recorded);
    }
    journal = Files.readAllLines(recorded.resolve(RunFolder.JOURNAL), StandardCharsets.UTF_8);
    assertEverySucceededAfterOneRateLimit(outcome, "the recorded run");
    assertThat(journal)
        .as("all four were rate limited at once, so the pool went down to 1")
        .filteredOn(line -> line.contains("\"rate_limited\""))
        .hasSize(POOL);
  }

  @Test
  void everyPrefixResumesWithThePoolLimitItsEndsLeft() throws Exception {
    for (int lines = 0; lines <= journal.size(); lines++) {
      String what = "after " + lines + " lines";
      Path runDirectory = Files.createDirectory(folder.resolve("prefix-" + lines));
      Files.writeString(
          runDirectory.resolve(RunFolder.JOURNAL),
          String.join("\n", journal.subList(0, lines)) + (lines == 0 ? "" : "\n"));
      List<JournalEntry> before = Journal.read(runDirectory.resolve(RunFolder.JOURNAL));
      int limit = limitLeftBy(before);

      RunOutcome outcome;
      List<InMemoryEngine.Moment> timeline;
      try (InMemoryBackend backend = new InMemoryBackend()) {
        outcome = run(backend, runDirectory);
        timeline = backend.timeline();
      }

      assertEverySucceededAfterOneRateLimit(outcome, what);
      assertThat(startsBeforeTheFirstEnd(timeline))
          .as(what + ": the resumed run starts no more than the journaled limit " + limit)
          .isLessThanOrEqualTo(limit);
    }
  }

  /**
   * The pool's limit after the journal's ends, in their order: halved on each rate limit, one up on
   * each success.
   */
  private static int limitLeftBy(List<JournalEntry> entries) {
    Pools pools = new Pools(Map.of("api", POOL));
    for (JournalEntry e : entries) {
      if (JournalEntry.ATTEMPT_ENDED.equals(e.type())) {
        if ("rate_limited".equals(e.exitStatus())) {
          pools.rateLimited(List.of("api"));
        } else if ("success".equals(e.exitStatus())) {
          pools.succeeded(List.of("api"));
        }
      }
    }
    return pools.states().get(0).limit();
  }

  private static long startsBeforeTheFirstEnd(List<InMemoryEngine.Moment> timeline) {
    return timeline.stream().takeWhile(InMemoryEngine.Moment::start).count();
  }

  private static void assertEverySucceededAfterOneRateLimit(RunOutcome outcome, String what) {
    for (RunReport.BatchReport b : outcome.report().batches()) {
      assertThat(b.finalStatus()).as(what + ": " + b.batchId()).isEqualTo("success");
      assertThat(b.attempts())
          .extracting(RunReport.AttemptReport::exitStatus)
          .as(what + ": " + b.batchId() + " used no retry")
          .containsExactly("rate_limited", "success");
    }
  }

  private static RunOutcome run(InMemoryBackend backend, Path runDirectory) {
    RunSettings settings =
        InMemoryRuns.settings(runDirectory)
            .pollInterval(Duration.ofMillis(20))
            .pools(
                new PoolSettings(
                    Map.of(),
                    Set.of(PoolSettings.EX_TEMPFAIL),
                    Duration.ofMinutes(1),
                    Duration.ZERO,
                    Duration.ZERO,
                    new SplittableRandom(1)))
            .build();
    return new RunOrchestrator(backend, WaveListener.NONE, InMemoryRuns.TIERS, new Cancellation())
        .run(PLAN, settings);
  }

  private static Batch pooled(String id, String behaviour) {
    return new Batch(
        id,
        1,
        MemorySize.parse("100m"),
        List.of(),
        behaviour,
        null,
        null,
        List.of(),
        List.of("api"));
  }
}
