package dev.cfnwave.watch;

import dev.cfnwave.report.OrchestratorIdentity;
import dev.cfnwave.run.journal.Journal;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Run folders as a run leaves them, made by test code: a plan of four batches in two waves (a, b, c
 * in wave 1, d in wave 2; b expected to take 100 s), the invocation, journal lines, and an
 * orchestrator that is this test's JVM (alive) or a process that is gone.
 */
final class RunFolders {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  static final String PLAN =
      """
      {"task_id": "t", "waves": [
        {"wave_number": 1, "batches": [
          {"batch_id": "a", "tier": 1, "files": [], "task_prompt": "x"},
          {"batch_id": "b", "tier": 1, "files": [], "task_prompt": "x", "expected_seconds": 100},
          {"batch_id": "c", "tier": 1, "files": [], "task_prompt": "x", "expected_seconds": 30}]},
        {"wave_number": 2, "batches": [
          {"batch_id": "d", "tier": 1, "files": [], "task_prompt": "x", "expected_seconds": 40}]}]}
      """;

  private RunFolders() {}

  static Path create(Path runs, String id, List<JournalEntry> lines) throws IOException {
    Path plan = Files.writeString(Files.createDirectories(runs).resolve(id + "-plan.json"), PLAN);
    Path folder = runs.resolve(id);
    RunFolder.create(folder, plan, List.of("run", "--wave-plan", "plan.json"), Map.of());
    Files.delete(plan);
    try (Journal journal = Journal.open(folder.resolve(RunFolder.JOURNAL))) {
      lines.forEach(journal::append);
    }
    return folder;
  }

  /** This JVM orchestrates the run: it is alive. */
  static void orchestratedByThisProcess(Path folder) {
    OrchestratorIdentity.current().writeTo(folder);
  }

  /** A process on this host that is gone (its pid's start time is not the recorded one). */
  static void orchestratedByAGoneProcess(Path folder) {
    OrchestratorIdentity self = OrchestratorIdentity.current();
    new OrchestratorIdentity(self.pid(), "2000-01-01T00:00:00Z", self.host()).writeTo(folder);
  }

  static JournalEntry started(int seconds) {
    return JournalEntry.runStarted(T0.plusSeconds(seconds), "2g");
  }

  static JournalEntry finished(int seconds) {
    return JournalEntry.of(JournalEntry.RUN_FINISHED, T0.plusSeconds(seconds));
  }

  /** attempt_starting (handle null), attempt_started or attempt_ended of attempt n of a batch. */
  static JournalEntry line(
      String type, int seconds, String batch, int attempt, String handle, String status) {
    return new JournalEntry(
        type,
        T0.plusSeconds(seconds).toString(),
        batch,
        attempt,
        "cfn-wave1-" + batch + "-r" + attempt,
        null,
        handle,
        1,
        "512m",
        status == null ? null : status.equals("success") ? 0L : 1L,
        status,
        null,
        handle == null ? null : T0.plusSeconds(seconds).toString(),
        null,
        null,
        null,
        null,
        null);
  }

  static JournalEntry settled(int seconds, String batch, String status) {
    return new JournalEntry(
        JournalEntry.BATCH_SETTLED,
        T0.plusSeconds(seconds).toString(),
        batch,
        1,
        "cfn-wave1-" + batch + "-r1",
        null,
        null,
        1,
        "512m",
        null,
        status,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * A run mid-way: a succeeded, b running (handle hb, since 10 s), c failed once and waits to
   * retry, d not started.
   */
  static List<JournalEntry> midway() {
    return List.of(
        started(0),
        line(JournalEntry.ATTEMPT_STARTING, 1, "a", 1, null, null),
        line(JournalEntry.ATTEMPT_STARTING, 1, "c", 1, null, null),
        line(JournalEntry.ATTEMPT_STARTED, 2, "a", 1, "ha", null),
        line(JournalEntry.ATTEMPT_STARTED, 2, "c", 1, "hc", null),
        line(JournalEntry.ATTEMPT_ENDED, 5, "a", 1, "ha", "success"),
        settled(5, "a", "success"),
        line(JournalEntry.ATTEMPT_ENDED, 6, "c", 1, "hc", "failed"),
        line(JournalEntry.ATTEMPT_STARTING, 9, "b", 1, null, null),
        line(JournalEntry.ATTEMPT_STARTED, 10, "b", 1, "hb", null));
  }
}
