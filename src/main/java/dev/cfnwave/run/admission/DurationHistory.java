package dev.cfnwave.run.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.Json;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.run.journal.StopReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How long batches ran in earlier runs: the running time (started to completed) of their successful
 * attempts, read from the journals and plan copies of the newest run folders under a runs
 * directory. A batch matches when its task id and batch id are the same and, where the plan lists
 * its files, the same files. Reading is bounded: only the {@link #RUNS_READ} newest run folders (by
 * their journal's last change). A folder whose plan copy or journal cannot be read, or whose
 * journal has a damaged line, is used up to the damage and counted, never an error.
 */
public final class DurationHistory {

  static final int RUNS_READ = 10;

  /** Attempts per batch the median is taken over, newest runs first. */
  static final int SAMPLES = 5;

  private static final String PLAN = "plan.json";

  /** One successful attempt; age 0 is the newest run folder read. */
  private record Sample(
      String runId, int age, String taskId, List<String> files, Duration running) {}

  private final Map<String, List<Sample>> byBatchId;
  private final int damaged;

  private DurationHistory(Map<String, List<Sample>> byBatchId, int damaged) {
    this.byBatchId = byBatchId;
    this.damaged = damaged;
  }

  /** Reads the newest run folders under runsDirectory, leaving out the current run's own. */
  public static DurationHistory read(Path runsDirectory, Path currentRun) {
    Map<String, List<Sample>> samples = new HashMap<>();
    int damaged = 0;
    List<Path> folders = newestRunFolders(runsDirectory, currentRun);
    for (int age = 0; age < folders.size(); age++) {
      if (!readRun(folders.get(age), age, samples)) {
        damaged++;
      }
    }
    return new DurationHistory(samples, damaged);
  }

  private static List<Path> newestRunFolders(Path runsDirectory, Path currentRun) {
    if (!Files.isDirectory(runsDirectory)) {
      return List.of();
    }
    Path current = currentRun.toAbsolutePath().normalize();
    Map<Path, FileTime> changed = new HashMap<>();
    try (Stream<Path> folders = Files.list(runsDirectory)) {
      folders
          .filter(f -> !f.toAbsolutePath().normalize().equals(current))
          .forEach(
              f -> {
                try {
                  changed.put(f, Files.getLastModifiedTime(f.resolve(RunFolder.JOURNAL)));
                } catch (IOException notARun) {
                  // no journal: not a run folder, or a run that never started
                }
              });
    } catch (IOException e) {
      return List.of();
    }
    return changed.keySet().stream()
        .sorted(Comparator.comparing(changed::get).reversed())
        .limit(RUNS_READ)
        .toList();
  }

  /**
   * Adds the run's successful attempts to samples.
   *
   * @return false when its plan copy or journal could not be read whole
   */
  private static boolean readRun(Path folder, int age, Map<String, List<Sample>> samples) {
    String runId = folder.getFileName().toString();
    JsonNode plan;
    List<String> lines;
    try {
      plan = Json.MAPPER.readTree(folder.resolve(PLAN).toFile());
      lines = Files.readAllLines(folder.resolve(RunFolder.JOURNAL), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return false;
    }
    String taskId = plan.path("task_id").isTextual() ? plan.path("task_id").asText() : null;
    Map<String, List<String>> files = filesByBatch(plan);
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JournalEntry entry;
      try {
        entry = Json.MAPPER.readValue(line, JournalEntry.class);
      } catch (JsonProcessingException torn) {
        return false;
      }
      Duration running = successfulRunningTime(entry);
      if (running != null) {
        samples
            .computeIfAbsent(entry.batchId(), id -> new ArrayList<>())
            .add(
                new Sample(
                    runId, age, taskId, files.getOrDefault(entry.batchId(), List.of()), running));
      }
    }
    return true;
  }

  private static Map<String, List<String>> filesByBatch(JsonNode plan) {
    Map<String, List<String>> files = new HashMap<>();
    for (JsonNode wave : plan.path("waves")) {
      for (JsonNode batch : wave.path("batches")) {
        List<String> listed = new ArrayList<>();
        batch.path("files").forEach(f -> listed.add(f.asText()));
        files.put(batch.path("batch_id").asText(), sorted(listed));
      }
    }
    return files;
  }

  /** An attempt that ended successfully and was not interrupted: how long it ran; else null. */
  private static Duration successfulRunningTime(JournalEntry entry) {
    if (!JournalEntry.ATTEMPT_ENDED.equals(entry.type())
        || entry.batchId() == null
        || !ExitStatus.SUCCESS.wireName().equals(entry.exitStatus())
        || StopReason.fromWire(entry.error()) == StopReason.INTERRUPTED
        || entry.startedAt() == null
        || entry.completedAt() == null) {
      return null;
    }
    try {
      Duration running =
          Duration.between(Instant.parse(entry.startedAt()), Instant.parse(entry.completedAt()));
      return running.isNegative() ? null : running;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * How long each batch is expected to run: its plan's expected_seconds when it has one (the plan
   * wins), else the median of its matching earlier attempts, else unknown (absent from the map).
   */
  public Estimates estimate(String taskId, List<BatchRun> batches) {
    Map<String, Duration> durations = new HashMap<>();
    Set<String> runsUsed = new LinkedHashSet<>();
    Sample latest = null;
    int fromPlan = 0;
    int learned = 0;
    for (BatchRun run : batches) {
      Batch batch = run.batch;
      if (batch.expected().isPresent()) {
        durations.put(batch.batchId(), batch.expected().get());
        fromPlan++;
        continue;
      }
      List<Sample> matching =
          byBatchId.getOrDefault(batch.batchId(), List.of()).stream()
              .filter(s -> Objects.equals(s.taskId(), taskId))
              .filter(s -> batch.files().isEmpty() || s.files().equals(sorted(batch.files())))
              .limit(SAMPLES)
              .toList();
      if (matching.isEmpty()) {
        continue;
      }
      durations.put(batch.batchId(), median(matching.stream().map(Sample::running).toList()));
      learned++;
      matching.forEach(s -> runsUsed.add(s.runId()));
      Sample newest = matching.get(0);
      latest = latest == null || newest.age() < latest.age() ? newest : latest;
    }
    int unknown = batches.size() - fromPlan - learned;
    return new Estimates(
        durations,
        Estimates.summary(
            learned,
            runsUsed.size(),
            latest == null ? null : latest.runId(),
            fromPlan,
            unknown,
            damaged));
  }

  static Duration median(List<Duration> values) {
    List<Duration> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
  }

  private static List<String> sorted(List<String> files) {
    return files.stream().sorted().toList();
  }
}
