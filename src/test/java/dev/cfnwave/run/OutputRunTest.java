package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.attempt.LogPolicy;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.Json;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.run.journal.JournalEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output folders through a whole run on the in-memory backend. */
class OutputRunTest {

  private static final TierTable TIERS =
      TierTable.fromEnvironment(Map.of("CFN_TIER_1_MEMORY", "100m"));

  @TempDir Path runDirectory;
  private final InMemoryBackend backend = new InMemoryBackend();
  private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void close() {
    backend.close();
  }

  @Test
  void resultsReachTheReportTheJournalAndTheUsageSums() throws Exception {
    RunOutcome outcome =
        run(false, "a:result=fixed", "b:result=also exit=1", "c:result=bad", "d:ms=20");

    RunReport report = outcome.report();
    assertThat(attempt(report, "a").output().summary()).isEqualTo("fixed");
    assertThat(attempt(report, "a").output().path()).isEqualTo("out/a/1");
    assertThat(attempt(report, "b").exitStatus()).isEqualTo("failed");
    assertThat(attempt(report, "b").output().warnings())
        .containsExactly(
            "result.json says success but the exit code 1 says failed: the exit code decides");
    assertThat(attempt(report, "c").output().result()).isNull();
    assertThat(attempt(report, "c").output().warnings().get(0)).startsWith("result.json ignored");
    assertThat(attempt(report, "d").output().files()).isZero();
    assertThat(report.usage().get("cost_usd")).isEqualByComparingTo("1.0");
    assertThat(report.batches().get(0).usage().get("cost_usd")).isEqualByComparingTo("0.5");
    assertThat(warnings).anyMatch(w -> w.contains("result.json ignored"));
    assertThat(endedLine("a").path("output").path("result").path("summary").asText())
        .isEqualTo("fixed");
  }

  @Test
  void aTrustedResultDecides() throws Exception {
    RunOutcome outcome = run(true, "b:result=also exit=1");

    assertThat(attempt(outcome.report(), "b").exitStatus()).isEqualTo("success");
  }

  @Test
  void aFolderPastTheLimitStopsOnlyThatAttempt() throws Exception {
    RunOutcome outcome = run(false, "big:writes=4096 hold", "small:writes=100");

    assertThat(attempt(outcome.report(), "big").exitStatus()).isEqualTo("failed");
    assertThat(attempt(outcome.report(), "big").error()).isEqualTo("output over the limit");
    assertThat(attempt(outcome.report(), "small").exitStatus()).isEqualTo("success");
    assertThat(runDirectory.resolve("out/big/1/data.bin")).as("kept up to the limit").hasSize(1024);
    assertThat(attempt(outcome.report(), "big").output().bytes()).isEqualTo(1024);
    assertThat(warnings).anyMatch(w -> w.contains("over --output-limit (1k): stopping it"));
    assertThat(warnings)
        .anyMatch(
            w ->
                w.endsWith(
                    "cut to --output-limit (1k): 1 file truncated, 0 files removed,"
                        + " 3072 bytes dropped"));
    assertThat(stoppingReasons()).containsExactly("output_limit");
  }

  private RunOutcome run(boolean trust, String... batches) {
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
            .pollInterval(Duration.ofMillis(20))
            .retries(0, Set.of(ExitStatus.FAILED), Duration.ofMillis(10))
            .logs(LogPolicy.FAILED, 1 << 20)
            .keepGoing(true)
            .outputs(new OutputSettings(true, "/cfn/out", MemorySize.parse("1k"), trust))
            .build();
    WaveListener listener =
        new WaveListener() {
          @Override
          public void on(WaveEvent event) {}

          @Override
          public void warn(String message) {
            warnings.add(message);
          }
        };
    return new RunOrchestrator(backend, listener, TIERS, new Cancellation())
        .run(new WavePlan("plan.json", "task", List.of(new Wave(1, list))), settings);
  }

  private static RunReport.AttemptReport attempt(RunReport report, String batchId) {
    return report.batches().stream()
        .filter(b -> b.batchId().equals(batchId))
        .findFirst()
        .orElseThrow()
        .attempts()
        .get(0);
  }

  private List<String> stoppingReasons() throws Exception {
    List<String> reasons = new ArrayList<>();
    for (String line : Files.readAllLines(runDirectory.resolve("journal.jsonl"))) {
      JsonNode node = Json.MAPPER.readTree(line);
      if (JournalEntry.ATTEMPT_STOPPING.equals(node.path("type").asText())) {
        reasons.add(node.path("error").asText());
      }
    }
    return reasons;
  }

  private JsonNode endedLine(String batchId) throws Exception {
    for (String line : Files.readAllLines(runDirectory.resolve("journal.jsonl"))) {
      JsonNode node = Json.MAPPER.readTree(line);
      if (JournalEntry.ATTEMPT_ENDED.equals(node.path("type").asText())
          && batchId.equals(node.path("batch_id").asText())) {
        return node;
      }
    }
    throw new AssertionError("no attempt_ended line for " + batchId);
  }
}
