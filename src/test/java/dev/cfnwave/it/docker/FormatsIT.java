package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfnwave.it.support.RunTestSupport;
import dev.cfnwave.testing.JsonSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every JSON document that spawn, monitor, cleanup and run print and write, on a real engine,
 * matches its schema in docs/schemas/ (docs/formats.md): the documented formats are the real ones.
 */
class FormatsIT extends RunTestSupport {

  @Test
  void everyDocumentTheWaveCommandsWriteMatchesItsSchema() throws IOException {
    Path plan =
        plan(planJson("formats", wave(1, batch("ok", 1, "exit 0"), batch("bad", 2, "exit 3"))));
    Path manifest = temp.resolve("wave1-spawned.json");
    Path results = temp.resolve("wave1-results.json");
    Path cleanup = temp.resolve("wave1-cleanup.json");

    CliRun dryRun = spawn(plan, 1, "--dry-run");
    assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
    matches(JsonSchemas.SPAWN_MANIFEST, "spawn --dry-run stdout", dryRun.json());

    CliRun spawned = spawn(plan, 1);
    assertThat(spawned.exitCode()).as(spawned.err()).isZero();
    matches(JsonSchemas.SPAWN_MANIFEST, "spawn stdout", spawned.json());
    // the original skill's consumers read .containers[].id
    assertThat(spawned.json().get("containers"))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.get("id").asText()).isEqualTo(e.get("container_id").asText()))
        .allSatisfy(e -> assertThat(e.get("id").asText()).isNotBlank());
    JsonSchemas.requireValidFile(JsonSchemas.SPAWN_MANIFEST, manifest);

    CliRun monitored = monitor(1, "--output", results.toString());
    assertThat(monitored.exitCode()).as(monitored.err()).isEqualTo(1);
    matches(JsonSchemas.MONITOR_RESULTS, "monitor stdout", monitored.json());
    JsonSchemas.requireValidFile(JsonSchemas.MONITOR_RESULTS, results);

    CliRun cleaned =
        cfnWave("cleanup", "--containers", manifest.toString(), "--output", cleanup.toString());
    assertThat(cleaned.exitCode()).as(cleaned.err()).isZero();
    matches(JsonSchemas.CLEANUP_REPORT, "cleanup stdout", cleaned.json());
    JsonSchemas.requireValidFile(JsonSchemas.CLEANUP_REPORT, cleanup);
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void everyDocumentOfARunMatchesItsSchema() throws IOException {
    Path plan =
        plan(
            planJson(
                "formats",
                wave(1, batch("ok", 1, "exit 0"), batch("bad", 2, "exit 3")),
                wave(2, batch("stuck", 3, "sleep 60"))));
    Path report = temp.resolve("report-copy.json");

    CliRun run =
        run(
            plan,
            "--keep-going",
            "--retries",
            "1",
            "--backoff",
            "0",
            "--batch-timeout",
            "3",
            "--stop-grace",
            "1",
            "--environment",
            "FORMATS_CHECK=value",
            "--output",
            report.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    matches(JsonSchemas.RUN_REPORT, "run stdout", run.json());
    JsonSchemas.requireValidFile(JsonSchemas.RUN_REPORT, report);
    Path folder = runFolder(runId);
    JsonSchemas.requireValidFile(JsonSchemas.RUN_REPORT, folder.resolve("report.json"));
    JsonSchemas.requireValidFile(
        JsonSchemas.MONITOR_RESULTS, folder.resolve("wave-1-results.json"));
    JsonSchemas.requireValidFile(
        JsonSchemas.MONITOR_RESULTS, folder.resolve("wave-2-results.json"));
    JsonSchemas.requireValidFile(JsonSchemas.PLAN, folder.resolve("plan.json"));
    JsonSchemas.requireValidFile(JsonSchemas.INVOCATION, folder.resolve("invocation.json"));
    assertThat(folder.resolve("orchestrator.json")).as("removed when the run ends").doesNotExist();

    Set<String> types = new LinkedHashSet<>();
    List<String> lines = Files.readAllLines(folder.resolve("journal.jsonl"));
    for (int i = 0; i < lines.size(); i++) {
      JsonNode line = readLine(lines.get(i));
      matches(JsonSchemas.JOURNAL_LINE, "journal.jsonl line " + (i + 1), line);
      types.add(line.get("type").asText());
    }
    assertThat(types)
        .as("the run went through every kind of journal line")
        .containsExactlyInAnyOrder(
            "run_started",
            "attempt_starting",
            "attempt_started",
            "attempt_stopping",
            "attempt_ended",
            "batch_settled",
            "run_finished");
    assertThat(containersOfThisRun()).isEmpty();
  }

  /** The check can fail: real documents, each broken in one way, no longer match. */
  @Test
  void aDocumentThatLeavesItsFormatFailsItsSchema() {
    Path plan = plan(planJson("formats", wave(1, batch("ok", 1, "exit 0"))));
    CliRun dryRun = spawn(plan, 1, "--dry-run");
    assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
    JsonNode manifest = dryRun.json();
    assertThat(JsonSchemas.problems(JsonSchemas.SPAWN_MANIFEST, manifest)).isEmpty();

    ObjectNode missingTotal = manifest.deepCopy();
    missingTotal.remove("total_spawned");
    ObjectNode unknownStatus = manifest.deepCopy();
    ((ObjectNode) unknownStatus.get("containers").get(0)).put("status", "started");
    ObjectNode tierAsText = manifest.deepCopy();
    ((ObjectNode) tierAsText.get("containers").get(0)).put("tier", "1");
    ObjectNode extraField = manifest.deepCopy();
    extraField.put("total_failed", 0);
    ObjectNode localTime = manifest.deepCopy();
    localTime.put("spawned_at", "2025-11-14 10:30:45");

    for (JsonNode broken :
        List.of(missingTotal, unknownStatus, tierAsText, extraField, localTime)) {
      assertThat(JsonSchemas.problems(JsonSchemas.SPAWN_MANIFEST, broken))
          .as("%s", broken)
          .isNotEmpty();
    }
  }

  private static void matches(String schema, String what, JsonNode document) {
    JsonSchemas.requireValid(schema, what, document);
  }
}
