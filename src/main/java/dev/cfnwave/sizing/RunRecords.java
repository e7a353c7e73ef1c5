package dev.cfnwave.sizing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.InputException;
import dev.cfnwave.plan.JsonDocuments;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.report.Json;
import dev.cfnwave.run.journal.RunFolder;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a finished run back from its folder: report.json for the batches, attempts and peaks, the
 * journal for when each attempt reserved its memory (attempt_starting) and gave it back
 * (attempt_ended), to the millisecond (report.json has seconds), invocation.json for the tier table
 * it ran with.
 */
public final class RunRecords {

  private RunRecords() {}

  /**
   * @throws InputException naming the folder when it is not a run's, or its run did not finish
   */
  public static RecordedRun read(Path folder) {
    // First: a folder that is no run's has no report.json either, and must be told apart.
    RunFolder.Invocation invocation = RunFolder.invocation(folder);
    Path reportFile = folder.resolve("report.json");
    if (!Files.isRegularFile(reportFile)) {
      throw new InputException(
          folder.toString(), "no report.json: the run did not finish (resume it first)");
    }
    JsonNode report = tree(reportFile);
    TierTable tiers = TierTable.fromEnvironment(invocation.environment());
    Map<String, Instant[]> times = journalTimes(folder.resolve("journal.jsonl"));
    List<RecordedBatch> batches = new ArrayList<>();
    for (JsonNode b : report.path("batches")) {
      String batchId = b.path("batch_id").asText();
      List<RecordedAttempt> attempts = new ArrayList<>();
      for (JsonNode a : b.path("attempts")) {
        int number = a.path("attempt").asInt();
        Instant[] seen = times.getOrDefault(batchId + "#" + number, new Instant[2]);
        boolean ran = a.path("started_at").isTextual();
        attempts.add(
            new RecordedAttempt(
                number,
                a.path("tier").isIntegralNumber() ? a.path("tier").asInt() : null,
                MemorySize.parse(a.path("memory_limit").asText()).bytes(),
                a.path("peak_memory_bytes").isIntegralNumber()
                    ? a.path("peak_memory_bytes").asLong()
                    : null,
                a.path("exit_status").isTextual() ? a.path("exit_status").asText() : null,
                !ran ? null : seen[0] != null ? seen[0] : instant(a.path("started_at")),
                !ran ? null : seen[1] != null ? seen[1] : instant(a.path("completed_at"))));
      }
      batches.add(
          new RecordedBatch(
              batchId,
              b.path("wave_number").asInt(),
              b.path("final_status").asText(),
              attempts,
              usage(b.path("usage"))));
    }
    return new RecordedRun(
        report.path("run_id").asText(),
        folder,
        report.path("schedule").asText("waves"),
        MemorySize.parse(report.path("memory_budget").asText()),
        tiers,
        Duration.ofSeconds(report.path("duration_seconds").asLong()),
        batches);
  }

  /** batch#attempt to {reserved, released}, from attempt_starting and attempt_ended lines. */
  private static Map<String, Instant[]> journalTimes(Path journal) {
    Map<String, Instant[]> times = new HashMap<>();
    if (!Files.isRegularFile(journal)) {
      return times;
    }
    try {
      for (String line : Files.readAllLines(journal)) {
        JsonNode e;
        try {
          e = Json.MAPPER.readTree(line);
        } catch (IOException torn) {
          continue; // a torn last line: the journal's readers skip it too
        }
        String type = e.path("type").asText();
        int slot = type.equals("attempt_starting") ? 0 : type.equals("attempt_ended") ? 1 : -1;
        if (slot >= 0 && e.path("at").isTextual()) {
          String key = e.path("batch_id").asText() + "#" + e.path("attempt").asInt();
          times.computeIfAbsent(key, k -> new Instant[2])[slot] =
              Instant.parse(e.path("at").asText());
        }
      }
    } catch (IOException e) {
      throw new InputException(journal.toString(), "cannot read: " + e.getMessage());
    }
    return times;
  }

  /** A batch's usage numbers; a value that is not a number is left out. */
  private static Map<String, BigDecimal> usage(JsonNode usage) {
    Map<String, BigDecimal> numbers = new LinkedHashMap<>();
    usage
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isNumber()) {
                numbers.put(e.getKey(), e.getValue().decimalValue());
              }
            });
    return numbers;
  }

  private static JsonNode tree(Path file) {
    try {
      return Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new InputException(file.toString(), JsonDocuments.problem(e));
    }
  }

  private static Instant instant(JsonNode node) {
    return node.isTextual() ? Instant.parse(node.asText()) : null;
  }
}
