package dev.cfnwave.run.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.render.RunHistory;
import dev.cfnwave.render.RunHistory.AttemptHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the reports read from a run folder the orchestrator left mid-run (kill -9). */
class RunHistoryReaderTest {

  private static final Instant T0 = Instant.parse("2025-11-14T10:30:45.100Z");

  @TempDir Path temp;

  private static JournalEntry entry(
      String type, int seconds, String batch, Long exitCode, String status, String handle) {
    return new JournalEntry(
        type,
        T0.plusSeconds(seconds).toString(),
        batch,
        1,
        "cfn-wave1-" + batch + "-r1",
        null,
        handle,
        1,
        "512m",
        exitCode,
        status,
        null,
        handle == null ? null : T0.plusSeconds(seconds).toString(),
        null,
        null,
        null,
        null,
        null);
  }

  private Path folder(List<JournalEntry> lines, String... args) throws Exception {
    Path plan = temp.resolve("plan.json");
    Files.writeString(
        plan,
        "{\"task_id\": \"t\", \"waves\": [{\"wave_number\": 1, \"batches\": ["
            + "{\"batch_id\": \"done\", \"tier\": 1, \"files\": [], \"task_prompt\": \"x\"},"
            + "{\"batch_id\": \"busy\", \"tier\": 1, \"files\": [], \"task_prompt\": \"x\"},"
            + "{\"batch_id\": \"never\", \"tier\": 1, \"files\": [], \"task_prompt\": \"x\"}]},"
            + "{\"wave_number\": 2, \"batches\": ["
            + "{\"batch_id\": \"later\", \"tier\": 1, \"files\": [], \"task_prompt\": \"x\"}]}]}");
    Path folder = temp.resolve("runs/r1");
    RunFolder.create(folder, plan, List.of(args), Map.of());
    try (Journal journal = Journal.open(folder.resolve(RunFolder.JOURNAL))) {
      lines.forEach(journal::append);
    }
    return folder;
  }

  @Test
  void anInterruptedRunShowsUnsettledBatchesAsInterruptedUpToItsLastJournalLine() throws Exception {
    Path folder =
        folder(
            List.of(
                JournalEntry.runStarted(T0, "2g"),
                entry(JournalEntry.ATTEMPT_STARTING, 1, "done", null, null, null),
                entry(JournalEntry.ATTEMPT_STARTING, 1, "busy", null, null, null),
                entry(JournalEntry.ATTEMPT_STARTED, 2, "done", null, null, "h1"),
                entry(JournalEntry.ATTEMPT_STARTED, 2, "busy", null, null, "h2"),
                entry(JournalEntry.ATTEMPT_ENDED, 5, "done", 0L, "success", "h1")
                    .withPeakMemory(300L << 20),
                entry(JournalEntry.BATCH_SETTLED, 5, "done", null, "success", null)),
            "run",
            "--waves",
            "1",
            "--schedule",
            "continuous");

    RunHistory run =
        RunHistoryReader.read(folder, (selection, plan) -> List.of(Integer.valueOf(selection)));

    assertThat(run.status()).isEqualTo("interrupted");
    assertThat(run.batches().get(0).last().peakMemory().bytes())
        .as("the peak its attempt_ended line recorded")
        .isEqualTo(300L << 20);
    assertThat(run.schedule()).isEqualTo("continuous");
    assertThat(run.budget().dockerForm()).isEqualTo("2g");
    assertThat(run.finishedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(run.batches())
        .extracting(RunHistory.BatchHistory::batchId, RunHistory.BatchHistory::finalStatus)
        .as("wave 2 was not selected")
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("done", "success"),
            org.assertj.core.groups.Tuple.tuple("busy", "interrupted"),
            org.assertj.core.groups.Tuple.tuple("never", "not_started"));
    AttemptHistory busy = run.batches().get(1).last();
    assertThat(busy.outcome()).isEqualTo("interrupted");
    assertThat(busy.launchedAt()).isEqualTo(T0.plusSeconds(2));
    assertThat(busy.endedAt()).isNull();
    assertThat(busy.running(run.finishedAt()).toSeconds()).isEqualTo(3);
    assertThat(run.peakReserved()).as("both held 512m at once").isEqualTo(1024L << 20);
  }

  @Test
  void anAttemptsImageAndDigestComeFromItsStartingLine() throws Exception {
    String digest = "sha256:" + "4".repeat(64);
    JournalEntry plain = entry(JournalEntry.ATTEMPT_STARTING, 1, "done", null, null, null);
    JournalEntry starting =
        new JournalEntry(
            plain.type(),
            plain.at(),
            plain.batchId(),
            plain.attempt(),
            plain.name(),
            null,
            null,
            plain.tier(),
            plain.memoryLimit(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "team/agent:1",
            digest);
    Path folder = folder(List.of(JournalEntry.runStarted(T0, "2g"), starting), "run");

    AttemptHistory attempt = RunHistoryReader.read(folder, (s, p) -> null).batches().get(0).last();

    assertThat(attempt.image()).isEqualTo("team/agent:1");
    assertThat(attempt.imageDigest()).isEqualTo(digest);
    assertThat(
            dev.cfnwave.testing.JsonSchemas.problems(
                dev.cfnwave.testing.JsonSchemas.JOURNAL_LINE,
                dev.cfnwave.report.Json.write(starting)))
        .isEmpty();
  }

  @Test
  void anAttemptJournaledAgainByAResumeIsOneAttempt() throws Exception {
    Path folder =
        folder(
            List.of(
                JournalEntry.runStarted(T0, "2g"),
                entry(JournalEntry.ATTEMPT_STARTING, 1, "done", null, null, null),
                entry(JournalEntry.ATTEMPT_STARTING, 9, "done", null, null, null),
                entry(JournalEntry.ATTEMPT_STARTED, 10, "done", null, null, "h1"),
                entry(JournalEntry.ATTEMPT_ENDED, 12, "done", 3L, "failed", "h1"),
                entry(JournalEntry.BATCH_SETTLED, 12, "done", null, "failed", null),
                JournalEntry.of(JournalEntry.RUN_FINISHED, T0.plusSeconds(13))),
            "run");

    RunHistory run = RunHistoryReader.read(folder, (selection, plan) -> null);

    assertThat(run.status())
        .as("finished without report.json: from the batches")
        .isEqualTo("failed");
    assertThat(run.batches()).hasSize(4);
    assertThat(run.batches().get(0).attempts())
        .singleElement()
        .satisfies(a -> assertThat(a.admittedAt()).isEqualTo(T0.plusSeconds(9)));
  }

  @Test
  void aFinishedRunTakesWhatOthersHeldFromItsReport() throws Exception {
    List<JournalEntry> lines =
        List.of(
            JournalEntry.runStarted(T0, "2g"),
            entry(JournalEntry.ATTEMPT_STARTING, 1, "done", null, null, null),
            entry(JournalEntry.ATTEMPT_STARTED, 2, "done", null, null, "h1"),
            entry(JournalEntry.ATTEMPT_ENDED, 5, "done", 0L, "success", "h1"),
            entry(JournalEntry.BATCH_SETTLED, 5, "done", null, "success", null),
            JournalEntry.of(JournalEntry.RUN_FINISHED, T0.plusSeconds(6)));
    for (String held : List.of("0", "512m")) {
      Path folder = folder(lines, "run");
      Files.writeString(
          folder.resolve("report.json"),
          "{\"run_id\": \"r1\", \"status\": \"failed\", \"schedule\": \"waves\","
              + " \"memory_budget\": \"2g\", \"peak_memory_reserved\": \"512m\","
              + " \"peak_memory_held_by_others\": \""
              + held
              + "\", \"started_at\": \"2025-11-14T10:30:45Z\","
              + " \"finished_at\": \"2025-11-14T10:30:51Z\", \"duration_seconds\": 6}");

      RunHistory run = RunHistoryReader.read(folder, (selection, plan) -> null);

      assertThat(run.peakHeldByOthers())
          .as("peak_memory_held_by_others " + held)
          .isEqualTo("0".equals(held) ? 0 : 512L << 20);
      Files.walk(folder)
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void aRunStoppedByAToolFailureTakesItsStatusFromTheReportItWroteThen() throws Exception {
    RunHistory run = stoppedAfter(List.of());

    assertThat(run.status()).isEqualTo("tool_failure");
    assertThat(run.batches())
        .extracting(RunHistory.BatchHistory::batchId, RunHistory.BatchHistory::finalStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("done", "interrupted"),
            org.assertj.core.groups.Tuple.tuple("busy", "not_started"),
            org.assertj.core.groups.Tuple.tuple("never", "not_started"));
  }

  @Test
  void aToolFailureReportOlderThanTheJournalsLastLineIsStale() throws Exception {
    RunHistory run =
        stoppedAfter(
            List.of(
                entry(JournalEntry.ATTEMPT_STARTING, 8, "busy", null, null, null),
                entry(JournalEntry.ATTEMPT_STARTED, 9, "busy", null, null, "h2")));

    assertThat(run.status()).as("a resume went on after it, then died").isEqualTo("interrupted");
  }

  /**
   * A run of wave 1 that stopped on a tool failure 2 s in (report.json says so), with {@code later}
   * journaled after that.
   */
  private RunHistory stoppedAfter(List<JournalEntry> later) throws Exception {
    List<JournalEntry> lines =
        new java.util.ArrayList<>(
            List.of(
                JournalEntry.runStarted(T0, "2g"),
                entry(JournalEntry.ATTEMPT_STARTING, 1, "done", null, null, null),
                entry(JournalEntry.ATTEMPT_STARTED, 2, "done", null, null, "h1")));
    lines.addAll(later);
    Path folder = folder(lines, "run", "--waves", "1");
    Files.writeString(folder.resolve("report.json"), stoppedReport("2025-11-14T10:30:47Z"));
    return RunHistoryReader.read(folder, (selection, plan) -> List.of(Integer.valueOf(selection)));
  }

  /** The report.json of a run that stopped on a tool failure, at {@code finishedAt}. */
  private static String stoppedReport(String finishedAt) {
    return "{\"run_id\": \"r1\", \"status\": \"tool_failure\", \"schedule\": \"waves\","
        + " \"memory_budget\": \"2g\", \"peak_memory_reserved\": \"512m\","
        + " \"peak_memory_held_by_others\": \"0\", \"started_at\": \"2025-11-14T10:30:45Z\","
        + " \"finished_at\": \""
        + finishedAt
        + "\", \"duration_seconds\": 2, \"batches\": [{\"batch_id\": \"done\"},"
        + " {\"batch_id\": \"busy\"}, {\"batch_id\": \"never\"}]}";
  }
}
