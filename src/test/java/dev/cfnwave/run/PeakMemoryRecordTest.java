package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.attempt.LogPolicy;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.run.journal.JournalEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each attempt's highest memory, sampled while it runs, reaches the journal and report.json. */
class PeakMemoryRecordTest {

  private static final TierTable TIERS =
      TierTable.fromEnvironment(Map.of("CFN_TIER_1_MEMORY", "100m"));

  @TempDir Path runDirectory;
  private final InMemoryBackend backend = new InMemoryBackend();

  @AfterEach
  void close() {
    backend.close();
  }

  @Test
  void theSampledPeakIsInTheReportAndTheJournalsEndedLine() throws Exception {
    RunOutcome outcome = run(Duration.ofMillis(20), "used:ms=400 uses=52428800", "silent:ms=400");

    assertThat(attempt(outcome, "used").peakMemoryBytes()).isEqualTo(52_428_800L);
    assertThat(attempt(outcome, "silent").peakMemoryBytes()).as("no figure: null").isNull();
    JsonNode ended = endedLine("used");
    assertThat(ended.get("peak_memory_bytes").asLong()).isEqualTo(52_428_800L);
    assertThat(endedLine("silent").has("peak_memory_bytes")).isFalse();
  }

  @Test
  void samplingOffRecordsNoPeak() throws Exception {
    RunOutcome outcome = run(Duration.ZERO, "used:ms=400 uses=52428800");

    assertThat(attempt(outcome, "used").peakMemoryBytes()).isNull();
    assertThat(endedLine("used").has("peak_memory_bytes")).isFalse();
  }

  private RunOutcome run(Duration sampleEvery, String... batches) {
    List<Batch> list =
        java.util.Arrays.stream(batches)
            .map(
                spec -> {
                  String[] parts = spec.split(":", 2);
                  return new Batch(parts[0], 1, MemorySize.parse("100m"), List.of(), parts[1]);
                })
            .toList();
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
            .peakSampleInterval(sampleEvery)
            .retries(0, Set.of(ExitStatus.FAILED), Duration.ofMillis(10))
            .logs(LogPolicy.FAILED, 1 << 20)
            .build();
    return new RunOrchestrator(backend, WaveListener.NONE, TIERS, new Cancellation())
        .run(new WavePlan("plan.json", "task", List.of(new Wave(1, list))), settings);
  }

  private static RunReport.AttemptReport attempt(RunOutcome outcome, String batchId) {
    return outcome.report().batches().stream()
        .filter(b -> b.batchId().equals(batchId))
        .findFirst()
        .orElseThrow()
        .attempts()
        .get(0);
  }

  private JsonNode endedLine(String batchId) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    for (String line : Files.readAllLines(runDirectory.resolve("journal.jsonl"))) {
      JsonNode node = mapper.readTree(line);
      if (JournalEntry.ATTEMPT_ENDED.equals(node.path("type").asText())
          && batchId.equals(node.path("batch_id").asText())) {
        return node;
      }
    }
    throw new AssertionError("no attempt_ended line for " + batchId);
  }
}
