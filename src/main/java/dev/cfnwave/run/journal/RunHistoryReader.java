package dev.cfnwave.run.journal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.InputException;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.JsonDocuments;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.PlanReader;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.render.RunHistory;
import dev.cfnwave.render.RunHistory.AttemptHistory;
import dev.cfnwave.render.RunHistory.BatchHistory;
import dev.cfnwave.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads what a run did from its folder alone: the plan's batches, the journal's attempts, the kept
 * logs and, for a run that finished, its report's run-level fields. Works on an interrupted run
 * (kill -9) too: batches that never settled are interrupted, attempts that never ended run until
 * the journal's last line.
 */
public final class RunHistoryReader {

  private RunHistoryReader() {}

  /** The waves a run ran, from its --waves (null when it had none) and its plan. */
  public interface WaveSelector {
    List<Integer> waves(String selection, WavePlan plan);
  }

  /** Reads the run in this folder; its --waves (if any) is read with {@code selector}. */
  public static RunHistory read(Path runDirectory, WaveSelector selector) {
    RunFolder.Invocation invocation = RunFolder.invocation(runDirectory);
    WavePlan plan =
        new PlanReader(TierTable.fromEnvironment(invocation.environment()), warning -> {})
            .read(RunFolder.plan(runDirectory));
    List<Integer> waves = selector.waves(optionOf(invocation.args(), "--waves"), plan);
    List<JournalEntry> journal = RunFolder.journal(runDirectory);
    boolean finished =
        !journal.isEmpty()
            && journal.get(journal.size() - 1).type().equals(JournalEntry.RUN_FINISHED);
    JsonNode report = finished ? report(runDirectory) : stoppedReport(runDirectory, journal);
    Set<String> reported = report == null ? null : reportedBatches(report);

    Instant startedAt = null;
    Instant lastAt = null;
    MemorySize budget = null;
    Map<String, Map<Integer, AttemptBuilder>> attempts = new HashMap<>();
    Map<String, String> settled = new HashMap<>();
    Map<String, String> skipped = new HashMap<>();
    Map<String, String> cancelled = new HashMap<>();
    Map<String, String> settledBecause = new HashMap<>();
    for (JournalEntry e : journal) {
      Instant at = Instant.parse(e.at());
      lastAt = at;
      if (e.type().equals(JournalEntry.RUN_STARTED)) {
        startedAt = startedAt == null ? at : startedAt;
        budget = e.memoryLimit() == null ? budget : MemorySize.parse(e.memoryLimit());
      }
      if (e.type().equals(JournalEntry.BATCH_SKIPPED) && e.batchId() != null) {
        skipped.put(e.batchId(), e.error());
      }
      if (e.type().equals(JournalEntry.BATCH_CANCELLED) && e.batchId() != null) {
        cancelled.put(e.batchId(), e.error());
      }
      if (e.batchId() == null || e.attempt() == null) {
        continue;
      }
      var ofBatch = attempts.computeIfAbsent(e.batchId(), id -> new TreeMap<>());
      switch (e.type()) {
        case JournalEntry.ATTEMPT_STARTING -> ofBatch.put(e.attempt(), new AttemptBuilder(e, at));
        case JournalEntry.ATTEMPT_STARTED -> ofBatch.get(e.attempt()).started(e, at);
        case JournalEntry.ATTEMPT_ENDED -> ofBatch.get(e.attempt()).ended(e, at);
        case JournalEntry.ATTEMPT_REQUEUED -> ofBatch.remove(e.attempt());
        case JournalEntry.BATCH_SETTLED -> {
          settled.put(e.batchId(), e.exitStatus());
          if (e.error() != null) {
            settledBecause.put(e.batchId(), e.error());
          }
        }
        default -> {}
      }
    }
    if (startedAt == null) {
      startedAt = created(runDirectory);
    }
    Instant finishedAt = lastAt == null ? startedAt : lastAt;

    List<BatchHistory> batches = new ArrayList<>();
    for (Wave wave : plan.waves()) {
      Map<Batch, List<AttemptBuilder>> ofWave = new LinkedHashMap<>();
      for (Batch batch : wave.batches()) {
        boolean included =
            reported != null
                ? reported.contains(batch.batchId())
                : waves == null || waves.contains(wave.waveNumber());
        if (included) {
          var found = attempts.getOrDefault(batch.batchId(), Map.of());
          ofWave.put(batch, List.copyOf(found.values()));
        }
      }
      Instant opened =
          ofWave.values().stream()
              .filter(list -> !list.isEmpty())
              .map(list -> list.get(0).admittedAt)
              .min(Instant::compareTo)
              .orElse(null);
      for (var entry : ofWave.entrySet()) {
        List<AttemptHistory> built = new ArrayList<>();
        Instant queued = opened;
        for (AttemptBuilder a : entry.getValue()) {
          built.add(a.build(queued, runDirectory));
          queued = a.endedAt != null ? a.endedAt : a.completedAt;
        }
        String id = entry.getKey().batchId();
        String status = settled.get(id);
        String reason = built.isEmpty() ? skipped.get(id) : settledBecause.get(id);
        if (cancelled.containsKey(id)) {
          status = RunHistory.CANCELLED;
          reason = cancelled.get(id);
        }
        if (status == null) {
          status =
              reason != null ? RunHistory.SKIPPED : built.isEmpty() ? "not_started" : "interrupted";
        }
        batches.add(new BatchHistory(id, wave.waveNumber(), status, reason, built));
      }
    }
    String runId = runDirectory.toAbsolutePath().normalize().getFileName().toString();
    if (report != null) {
      budget = MemorySize.parse(report.path("memory_budget").asText());
      finishedAt = Instant.parse(report.path("finished_at").asText());
      return new RunHistory(
          report.path("run_id").asText(runId),
          plan.taskId(),
          report.path("status").asText(),
          report.path("schedule").asText(),
          budget,
          Instant.parse(report.path("started_at").asText()),
          finishedAt,
          report.path("duration_seconds").asLong(),
          batches,
          heldByOthers(report.path("peak_memory_held_by_others").asText("0")));
    }
    return new RunHistory(
        runId,
        plan.taskId(),
        finished ? statusOf(batches) : "interrupted",
        scheduleOf(invocation.args()),
        budget,
        startedAt,
        finishedAt,
        java.time.Duration.between(startedAt, finishedAt).toSeconds(),
        batches);
  }

  /** The report's "0" (nothing held) is not a memory size. */
  private static long heldByOthers(String size) {
    return "0".equals(size) ? 0 : MemorySize.parse(size).bytes();
  }

  private static JsonNode report(Path runDirectory) {
    Path file = runDirectory.resolve("report.json");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new InputException(file.toString(), JsonDocuments.problem(e));
    }
  }

  /**
   * The report.json of a run that stopped on a tool failure, when nothing was journaled after it
   * (else a resume went on and died since, and the report is stale); null when there is none.
   */
  private static JsonNode stoppedReport(Path runDirectory, List<JournalEntry> journal) {
    JsonNode report = report(runDirectory);
    if (report == null
        || !RunStatus.TOOL_FAILURE.wireName().equals(report.path("status").asText())
        || journal.isEmpty()) {
      return null;
    }
    Instant lastLine =
        Instant.parse(journal.get(journal.size() - 1).at()).truncatedTo(ChronoUnit.SECONDS);
    Instant written = Instant.parse(report.path("finished_at").asText());
    return written.isBefore(lastLine) ? null : report;
  }

  private static Set<String> reportedBatches(JsonNode report) {
    Set<String> ids = new java.util.HashSet<>();
    report.path("batches").forEach(b -> ids.add(b.path("batch_id").asText()));
    return ids;
  }

  private static String statusOf(List<BatchHistory> batches) {
    if (batches.stream().anyMatch(b -> b.finalStatus().equals("timeout"))) {
      return "timeout";
    }
    if (batches.stream().anyMatch(b -> b.finalStatus().equals("interrupted"))) {
      return "interrupted";
    }
    return batches.stream().allMatch(BatchHistory::succeeded) ? "succeeded" : "failed";
  }

  /** --schedule from the run's command line; waves when it has none. */
  static String scheduleOf(List<String> args) {
    String schedule = optionOf(args, "--schedule");
    return schedule == null ? "waves" : schedule.toLowerCase(Locale.ROOT);
  }

  /** The value of an option on the run's command line (its last one), or null. */
  static String optionOf(List<String> args, String option) {
    String value = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals(option) && i + 1 < args.size()) {
        value = args.get(i + 1);
      } else if (arg.startsWith(option + "=")) {
        value = arg.substring(option.length() + 1);
      }
    }
    return value;
  }

  private static Instant created(Path runDirectory) {
    try {
      return Files.getLastModifiedTime(RunFolder.plan(runDirectory)).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }
}
