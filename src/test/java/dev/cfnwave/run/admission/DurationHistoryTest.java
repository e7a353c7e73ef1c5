package dev.cfnwave.run.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.Json;
import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.AttemptEnd;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.Journal;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.run.journal.StopReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Estimates learned from run folders written as a run writes them: the plan copied by {@link
 * RunFolder}, the journal by {@link Journal} from {@link BatchRun}'s own transitions.
 */
class DurationHistoryTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path scratch;
  private Path runs;
  private final Path current = Path.of("current");
  private int written;

  @Test
  void theEstimateIsTheMedianOfTheSuccessfulAttemptsRunningTimes() throws Exception {
    pastRun("r1", "task", success("a", 10));
    pastRun("r2", "task", failed("a", 100), success("a", 30));
    pastRun("r3", "task", interrupted("a", 200), rejected("a", 300), success("a", 20));

    Estimates estimates = history().estimate("task", plan(batch("a")));

    assertThat(estimates.byBatchId()).containsEntry("a", Duration.ofSeconds(20));
  }

  @Test
  void theMedianIsTakenOverTheNewestAttemptsOnly() throws Exception {
    pastRun("old", "task", success("a", 1000));
    for (int i = 0; i < DurationHistory.SAMPLES; i++) {
      pastRun("new" + i, "task", success("a", 10 + i));
    }

    Estimates estimates = history().estimate("task", plan(batch("a")));

    assertThat(estimates.byBatchId()).containsEntry("a", Duration.ofSeconds(12));
  }

  @Test
  void aPlansOwnValueWins() throws Exception {
    pastRun("r1", "task", success("a", 60), success("b", 60));

    Estimates estimates = history().estimate("task", plan(batch("a").expecting(5), batch("b")));

    assertThat(estimates.byBatchId())
        .containsEntry("a", Duration.ofSeconds(5))
        .containsEntry("b", Duration.ofSeconds(60));
    assertThat(estimates.summary())
        .isEqualTo("estimates: 1 batch from 1 earlier run (latest r1), 1 from the plan, 0 unknown");
  }

  @Test
  void onlyTheSameTaskAndWhereTheBatchListsFilesTheSameFilesMatch() throws Exception {
    pastRun("other-task", "elsewhere", success("a", 50), success("b", 50), success("c", 50));
    pastRun(
        "mine",
        "task",
        success("a", 10).files("x", "y"),
        success("b", 10).files("x"),
        success("c", 10).files("z"));

    Estimates estimates =
        history()
            .estimate(
                "task",
                plan(batch("a").files("y", "x"), batch("b").files("x", "y"), batch("c").files()));

    assertThat(estimates.byBatchId())
        .as("a: same files in another order; b: other files; c: the plan lists none")
        .containsOnly(
            Map.entry("a", Duration.ofSeconds(10)), Map.entry("c", Duration.ofSeconds(10)));
  }

  @Test
  void onlyTheNewestRunFoldersAreRead() throws Exception {
    pastRun("oldest", "task", success("z", 40));
    for (int i = 0; i < DurationHistory.RUNS_READ; i++) {
      pastRun("r" + i, "task", success("a", 10));
    }

    Estimates estimates = history().estimate("task", plan(batch("a"), batch("z")));

    assertThat(estimates.byBatchId()).containsOnlyKeys("a");
    assertThat(estimates.summary())
        .isEqualTo(
            "estimates: 1 batch from "
                + DurationHistory.SAMPLES
                + " earlier runs (latest r"
                + (DurationHistory.RUNS_READ - 1)
                + "), 0 from the plan, 1 unknown");
  }

  @Test
  void theCurrentRunsOwnFolderIsLeftOut() throws Exception {
    pastRun("current", "task", success("a", 10));

    Estimates estimates =
        DurationHistory.read(runs, runs.resolve("current")).estimate("task", plan(batch("a")));

    assertThat(estimates.byBatchId()).isEmpty();
  }

  @Test
  void damagedFoldersAreReadUpToTheDamageAndCounted() throws Exception {
    Path torn = pastRun("torn", "task", success("a", 10));
    append(torn.resolve(RunFolder.JOURNAL), "{\"type\":\"attempt_ended\",\"batch_");
    Path corrupt = pastRun("corrupt", "task", success("b", 20));
    append(corrupt.resolve(RunFolder.JOURNAL), "not json\n");
    Path planless = pastRun("planless", "task", success("c", 30));
    Files.delete(planless.resolve("plan.json"));
    Files.writeString(runs.resolve("stray-file"), "not a run folder");
    Files.createDirectories(runs.resolve("never-started"));

    Estimates estimates = history().estimate("task", plan(batch("a"), batch("b"), batch("c")));

    assertThat(estimates.byBatchId())
        .containsOnly(
            Map.entry("a", Duration.ofSeconds(10)), Map.entry("b", Duration.ofSeconds(20)));
    assertThat(estimates.summary())
        .isEqualTo(
            "estimates: 2 batches from 2 earlier runs (latest corrupt), 0 from the plan, 1 unknown"
                + " (3 earlier run folders with a damaged journal or plan, read up to the damage)");
  }

  @Test
  void withoutARunsFolderEveryEstimateComesFromThePlanOrIsUnknown() {
    Estimates estimates =
        DurationHistory.read(runs.resolve("missing"), current)
            .estimate("task", plan(batch("a").expecting(3), batch("b")));

    assertThat(estimates.byBatchId()).containsOnly(Map.entry("a", Duration.ofSeconds(3)));
    assertThat(estimates.summary())
        .isEqualTo("estimates: 0 batches from earlier runs, 1 from the plan, 1 unknown");
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(
            DurationHistory.median(
                List.of(Duration.ofSeconds(9), Duration.ofSeconds(1), Duration.ofSeconds(4))))
        .isEqualTo(Duration.ofSeconds(4));
    assertThat(
            DurationHistory.median(
                List.of(
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(4),
                    Duration.ofSeconds(2))))
        .isEqualTo(Duration.ofSeconds(3));
  }

  @BeforeEach
  void createRunsFolder() throws Exception {
    runs = Files.createDirectories(scratch.resolve("runs"));
  }

  private DurationHistory history() {
    return DurationHistory.read(runs, current);
  }

  /** A batch of the current plan. */
  private record PlanBatch(String id, List<String> fileList, Integer seconds) {

    PlanBatch expecting(int value) {
      return new PlanBatch(id, fileList, value);
    }

    PlanBatch files(String... names) {
      return new PlanBatch(id, List.of(names), seconds);
    }
  }

  private static PlanBatch batch(String id) {
    return new PlanBatch(id, List.of(), null);
  }

  private static List<BatchRun> plan(PlanBatch... batches) {
    return java.util.Arrays.stream(batches).map(DurationHistoryTest::run).toList();
  }

  private static BatchRun run(PlanBatch b) {
    return new BatchRun(
        new Batch(
            b.id(),
            1,
            MemorySize.parse("100m"),
            b.fileList(),
            "",
            b.seconds() == null ? null : Duration.ofSeconds(b.seconds())),
        1,
        0);
  }

  /** One attempt of an earlier run. */
  private record Past(
      String batchId, List<String> fileList, ExitStatus status, int seconds, boolean stopped) {

    Past files(String... names) {
      return new Past(batchId, List.of(names), status, seconds, stopped);
    }
  }

  private static Past success(String id, int seconds) {
    return new Past(id, List.of(), ExitStatus.SUCCESS, seconds, false);
  }

  private static Past failed(String id, int seconds) {
    return new Past(id, List.of(), ExitStatus.FAILED, seconds, false);
  }

  private static Past rejected(String id, int seconds) {
    return new Past(id, List.of(), ExitStatus.REJECTED, seconds, false);
  }

  /** Stopped by SIGINT to the run; the batch exited 0 on SIGTERM, and it still does not count. */
  private static Past interrupted(String id, int seconds) {
    return new Past(id, List.of(), ExitStatus.SUCCESS, seconds, true);
  }

  /**
   * Writes an earlier run's folder, each one newer than the last: its plan (one wave of the
   * attempts' batches) and its journal, attempt after attempt.
   */
  private Path pastRun(String runId, String taskId, Past... attempts) throws Exception {
    Map<String, List<String>> batches = new LinkedHashMap<>();
    for (Past p : attempts) {
      batches.putIfAbsent(p.batchId(), p.fileList());
    }
    List<Map<String, Object>> planBatches = new ArrayList<>();
    batches.forEach(
        (id, files) -> planBatches.add(Map.of("batch_id", id, "tier", 1, "files", files)));
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("task_id", taskId);
    plan.put("waves", List.of(Map.of("wave_number", 1, "batches", planBatches)));
    Path planFile = Files.createTempFile(scratch, "plan", ".json");
    Json.writeFile(plan, planFile);
    Path folder = runs.resolve(runId);
    RunFolder.create(folder, planFile, List.of("run"), Map.of());
    Files.delete(planFile);

    Path journalFile = folder.resolve(RunFolder.JOURNAL);
    Map<String, BatchRun> runsById = new HashMap<>();
    Instant at = START;
    try (Journal journal = Journal.open(journalFile)) {
      journal.append(JournalEntry.of(JournalEntry.RUN_STARTED, at));
      for (Past p : attempts) {
        BatchRun b =
            runsById.computeIfAbsent(
                p.batchId(), id -> run(new PlanBatch(id, batches.get(id), null)));
        Attempt attempt =
            new Attempt(b.attempts().size() + 1, b.nextShape(), runId + "-" + p.batchId());
        String handle = attempt.name + "-" + attempt.number;
        journal.append(b.starting(attempt, at));
        journal.append(b.started(handle, at, at));
        Instant end = at.plusSeconds(p.seconds());
        if (p.stopped()) {
          journal.append(b.stopping(StopReason.INTERRUPTED, end));
        }
        journal.append(
            b.ended(
                new AttemptEnd(
                    handle, p.status() == ExitStatus.SUCCESS ? 0L : 1L, p.status(), null, at, end),
                end));
        if (p.stopped()) {
          b.requeue();
        } else {
          b.retry(b.nextShape(), end);
        }
        at = end;
      }
    }
    Files.setLastModifiedTime(journalFile, FileTime.from(START.plusSeconds(written++)));
    return folder;
  }

  private static void append(Path file, String text) throws Exception {
    FileTime kept = Files.getLastModifiedTime(file);
    Files.writeString(file, text, StandardOpenOption.APPEND);
    Files.setLastModifiedTime(file, kept);
  }
}
