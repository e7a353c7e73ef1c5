package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.attempt.LogPolicy;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.backend.memory.InMemoryEngine;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.run.journal.Journal;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunFolder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose orchestrator died after any line of its journal (or in the middle of the next one)
 * resumes to the same results: one result per batch, and no batch run more often than the journal
 * allows. The journal is recorded from a real run on the in-memory backend, with a retried failure,
 * an OOM kill escalated one tier up and two waves.
 */
class ResumeFromEveryPrefixTest {

  private static final TierTable TIERS =
      TierTable.fromEnvironment(Map.of("CFN_TIER_1_MEMORY", "100m", "CFN_TIER_2_MEMORY", "200m"));
  private static final WavePlan PLAN =
      new WavePlan(
          "plan.json",
          "task",
          List.of(
              new Wave(
                  1,
                  List.of(
                      batch("ok", "ms=1"),
                      batch("bad", "ms=1 exit=3"),
                      batch("hungry", "oom survive=209715200"))),
              new Wave(2, List.of(batch("later", "ms=1")))));

  @TempDir static Path recorded;
  private static List<String> journal;
  private static Map<String, String> finalStatuses;

  @TempDir Path folder;

  @BeforeAll
  static void recordARun() throws Exception {
    RunOutcome outcome;
    try (InMemoryBackend backend = new InMemoryBackend()) {
      outcome = run(backend, recorded);
    }
    journal = Files.readAllLines(recorded.resolve(RunFolder.JOURNAL), StandardCharsets.UTF_8);
    finalStatuses = statuses(outcome);
    assertThat(finalStatuses)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("ok", "success", "bad", "failed", "hungry", "success", "later", "success"));
  }

  @Test
  void everyPrefixResumesToTheSameResults() throws Exception {
    List<Callable<Void>> resumes = new ArrayList<>();
    for (int lines = 0; lines <= journal.size(); lines++) {
      int count = lines;
      String prefix = String.join("\n", journal.subList(0, lines)) + (lines == 0 ? "" : "\n");
      resumes.add(() -> resumeAndCheck(prefix, count, "after " + count + " lines"));
    }
    all(resumes);
  }

  @Test
  void everyPrefixWithATornLastLineResumesToTheSameResults() throws Exception {
    List<Callable<Void>> resumes = new ArrayList<>();
    for (int lines = 0; lines < journal.size(); lines++) {
      int count = lines;
      String next = journal.get(lines);
      String prefix =
          String.join("\n", journal.subList(0, lines))
              + (lines == 0 ? "" : "\n")
              + next.substring(0, next.length() / 2);
      resumes.add(
          () -> resumeAndCheck(prefix, count, "after " + count + " lines and half of the next"));
    }
    all(resumes);
  }

  /** Runs the resumes side by side (each has its own engine and folder); the first failure wins. */
  private static void all(List<Callable<Void>> resumes) throws Exception {
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<Void> resume : executor.invokeAll(resumes)) {
        try {
          resume.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw (Exception) e.getCause();
        }
      }
    }
  }

  private Void resumeAndCheck(String journalText, int lines, String what) throws Exception {
    Path runDirectory = Files.createDirectory(folder.resolve("prefix-" + what.hashCode()));
    Files.writeString(runDirectory.resolve(RunFolder.JOURNAL), journalText);
    List<JournalEntry> before = Journal.read(runDirectory.resolve(RunFolder.JOURNAL));
    assertThat(before).as(what).hasSize(lines);

    RunOutcome outcome;
    List<InMemoryEngine.Moment> timeline;
    try (InMemoryBackend backend = new InMemoryBackend()) {
      outcome = run(backend, runDirectory);
      timeline = backend.timeline();
      assertThat(backend.liveCount()).as(what).isZero();
    }

    assertThat(statuses(outcome)).as(what).isEqualTo(finalStatuses);
    List<String> after = Files.readAllLines(runDirectory.resolve(RunFolder.JOURNAL));
    assertThat(Journal.read(runDirectory.resolve(RunFolder.JOURNAL)))
        .as(what + ": every line of the resumed journal reads back")
        .hasSize(after.size());
    for (RunReport.BatchReport batch : outcome.report().batches()) {
      String id = batch.batchId();
      assertThat(batch.attempts())
          .as(what + ": " + id + " attempts are numbered 1, 2, ...")
          .extracting(RunReport.AttemptReport::attempt)
          .isEqualTo(numbers(batch.attempts().size()));
      assertThat(batch.attempts().size())
          .as(what + ": " + id + " within its retries")
          .isLessThanOrEqualTo(2);
      long endedBefore = count(before, JournalEntry.ATTEMPT_ENDED, id);
      long startsNow = timeline.stream().filter(m -> m.start() && id.equals(m.batchId())).count();
      assertThat(startsNow)
          .as(what + ": " + id + " runs only the attempts the journal has not seen end")
          .isEqualTo(batch.attempts().size() - endedBefore);
      assertThat(
              count(
                  Journal.read(runDirectory.resolve(RunFolder.JOURNAL)),
                  JournalEntry.BATCH_SETTLED,
                  id))
          .as(what + ": " + id + " settles once")
          .isEqualTo(1);
    }
    return null;
  }

  private static List<Integer> numbers(int count) {
    List<Integer> numbers = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      numbers.add(i);
    }
    return numbers;
  }

  private static long count(List<JournalEntry> entries, String type, String batchId) {
    return entries.stream()
        .filter(e -> e.type().equals(type) && batchId.equals(e.batchId()))
        .count();
  }

  private static Map<String, String> statuses(RunOutcome outcome) {
    return outcome.report().batches().stream()
        .collect(
            Collectors.toMap(
                RunReport.BatchReport::batchId,
                RunReport.BatchReport::finalStatus,
                (x, y) -> x,
                HashMap::new));
  }

  private static RunOutcome run(InMemoryBackend backend, Path runDirectory) {
    RunSettings settings =
        RunSettings.builder(
                new SpawnSettings(
                    "fake:latest",
                    null,
                    null,
                    Map.of(),
                    4,
                    "unit",
                    false,
                    ContainerSecurity.DEFAULT),
                runDirectory)
            .memoryBudget(MemorySize.parse("1g"))
            .waveTimeout(Duration.ofMinutes(1))
            .stopGrace(Duration.ZERO)
            .pollInterval(Duration.ofMillis(50))
            .keepGoing(true)
            .retries(1, Set.of(ExitStatus.FAILED, ExitStatus.OOM_KILLED), Duration.ZERO)
            .escalateMemory(true)
            .logs(LogPolicy.FAILED, 1 << 20)
            .build();
    return new RunOrchestrator(backend, WaveListener.NONE, TIERS, new Cancellation())
        .run(PLAN, settings);
  }

  private static Batch batch(String id, String behaviour) {
    return new Batch(id, 1, MemorySize.parse("100m"), List.of(), behaviour);
  }
}
