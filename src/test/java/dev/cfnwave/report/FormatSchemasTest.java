package dev.cfnwave.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfnwave.cli.Main;
import dev.cfnwave.plan.PlanException;
import dev.cfnwave.plan.PlanReader;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.run.journal.RunStatus;
import dev.cfnwave.testing.JsonSchemas;
import dev.cfnwave.testing.PlanGenerator;
import dev.cfnwave.testing.PlanMutator;
import dev.cfnwave.testing.Tries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The schemas of docs/schemas/ against what cfn-wave reads and writes without an engine: the
 * example plans, generated and broken plans, the examples in docs/formats.md, and the documents
 * written without Docker. FormatsIT checks the documents of a real run.
 */
class FormatSchemasTest {

  private static final int TRIES = 300;

  /** A json block in docs/formats.md, preceded by a marker naming its schema. */
  private static final Pattern EXAMPLE =
      Pattern.compile("<!-- schema: ([a-z-]+) -->\\s*```(json|jsonl)\\n(.*?)```", Pattern.DOTALL);

  private final PlanReader reader = new PlanReader(TierTable.defaults(), warning -> {});

  @TempDir Path temp;

  @Test
  void everyRunStatusIsOneTheRunReportSchemaAllows() throws IOException {
    JsonNode schema = Json.MAPPER.readTree(JsonSchemas.file(JsonSchemas.RUN_REPORT).toFile());
    List<String> allowed = new ArrayList<>();
    schema.path("properties").path("status").path("enum").forEach(v -> allowed.add(v.asText()));
    assertThat(Stream.of(RunStatus.values()).map(RunStatus::wireName)).isSubsetOf(allowed);
  }

  /** status and runs print a run's outcome: every status a run can end with. */
  @ParameterizedTest
  @ValueSource(strings = {JsonSchemas.RUN_STATUS, JsonSchemas.RUNS})
  void everyRunStatusIsAnOutcomeTheWatchSchemasAllow(String name) throws IOException {
    JsonNode schema = Json.MAPPER.readTree(JsonSchemas.file(name).toFile());
    JsonNode outcome =
        name.equals(JsonSchemas.RUNS)
            ? schema.at("/properties/runs/items/properties/outcome/enum")
            : schema.at("/properties/outcome/enum");
    List<String> allowed = new ArrayList<>();
    outcome.forEach(v -> allowed.add(v.asText()));
    assertThat(Stream.of(RunStatus.values()).map(RunStatus::wireName)).isSubsetOf(allowed);
  }

  @Test
  void examplePlansMatchThePlanSchema() throws IOException {
    List<Path> plans;
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      plans = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(plans).isNotEmpty();
    for (Path plan : plans) {
      reader.read(plan);
      JsonSchemas.requireValidFile(JsonSchemas.PLAN, plan);
    }
  }

  @Test
  void generatedPlansMatchThePlanSchema() {
    Tries.forAll(
        0x5c4e_0001L,
        TRIES,
        PlanGenerator::plan,
        plan -> JsonSchemas.requireValid(JsonSchemas.PLAN, "a generated plan", plan.json()));
  }

  /** The schema may be looser than the reader (it cannot see duplicate ids), never stricter. */
  @Test
  void everyPlanTheReaderAcceptsMatchesTheSchema() {
    int[] schemaRefused = {0};
    int[] readerAccepted = {0};
    Tries.forAll(
        0x5c4e_0002L,
        TRIES,
        r -> PlanMutator.mutate(r, PlanGenerator.plan(r)),
        mutant -> {
          JsonNode tree;
          try {
            tree = PlanGenerator.JSON.readTree(mutant.bytes());
          } catch (IOException | RuntimeException notJson) {
            return;
          }
          if (tree == null || tree.isMissingNode()) {
            return;
          }
          boolean readerAccepts;
          try {
            reader.parse("mutant", mutant.asText());
            readerAccepts = true;
          } catch (PlanException refused) {
            readerAccepts = false;
          }
          List<String> problems = JsonSchemas.problems(JsonSchemas.PLAN, tree);
          if (readerAccepts) {
            readerAccepted[0]++;
            assertThat(problems).as("the reader accepts %s", mutant).isEmpty();
          } else if (!problems.isEmpty()) {
            schemaRefused[0]++;
          }
        });
    // both outcomes must be reached, or the property says little
    assertThat(readerAccepted[0]).isGreaterThan(TRIES / 20);
    assertThat(schemaRefused[0]).isGreaterThan(TRIES / 5);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"waves\": []}",
        "{\"waves\": [{\"wave_number\": 1, \"batches\": []}]}",
        "{\"waves\": [{\"wave_number\": -1, \"batches\": [{\"batch_id\": \"a\", \"tier\": 1}]}]}",
        "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\"}]}]}",
        "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"tier\": \"1\"}]}]}",
        "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"memory\": \"lots\"}]}]}",
        "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\\nb\", \"tier\": 1}]}]}",
        "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"\", \"tier\": 1}]}]}",
        "{\"task_id\": 7, \"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"tier\": 1}]}]}",
        "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"tier\": 1,"
            + " \"expected_seconds\": 0}]}]}",
        "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"tier\": 1,"
            + " \"files\": \"src/a.ts\"}]}]}",
        "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"tier\": 1,"
            + " \"image\": \"Team/Agent:1\"}]}]}",
        "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"tier\": 1,"
            + " \"image\": \"agent@sha256:abc\"}]}]}"
      })
  void brokenPlansFailTheSchemaAndTheReader(String plan) {
    assertThat(JsonSchemas.problems(JsonSchemas.PLAN, plan)).isNotEmpty();
    assertThatThrownBy(() -> reader.parse("broken", plan)).isInstanceOf(PlanException.class);
  }

  @Test
  void theExamplesInFormatsMdMatchTheirSchemas() throws IOException {
    List<String> checked = checkExamples(Path.of("docs", "formats.md"));
    assertThat(checked)
        .contains(
            JsonSchemas.PLAN,
            JsonSchemas.SPAWN_MANIFEST,
            JsonSchemas.MONITOR_RESULTS,
            JsonSchemas.CLEANUP_REPORT,
            JsonSchemas.RUN_REPORT,
            JsonSchemas.JOURNAL_LINE,
            JsonSchemas.INVOCATION,
            JsonSchemas.ORCHESTRATOR,
            JsonSchemas.MANIFEST_ENTRY,
            JsonSchemas.TIERS_SUGGESTION,
            JsonSchemas.IMAGES,
            JsonSchemas.RUN_PREVIEW,
            JsonSchemas.RESULT_FILE,
            JsonSchemas.RUN_STATUS,
            JsonSchemas.RUNS);
  }

  @Test
  void thePlanInTheReadmeMatchesTheSchema() throws IOException {
    assertThat(checkExamples(Path.of("README.md"))).containsExactly(JsonSchemas.PLAN);
  }

  /** Validates every marked example of a page; plans must also pass the reader. */
  private List<String> checkExamples(Path page) throws IOException {
    Matcher example = EXAMPLE.matcher(Files.readString(page));
    List<String> checked = new ArrayList<>();
    while (example.find()) {
      String schema = example.group(1);
      String what = "an example in " + page;
      if (example.group(2).equals("jsonl")) {
        for (String line : example.group(3).strip().split("\n")) {
          JsonSchemas.requireValid(schema, what, JsonSchemas.parse(line));
        }
      } else {
        JsonSchemas.requireValid(schema, what, JsonSchemas.parse(example.group(3)));
        if (schema.equals(JsonSchemas.PLAN)) {
          reader.parse(what, example.group(3));
        }
      }
      checked.add(schema);
    }
    return checked;
  }

  @Test
  void theOrchestratorFileMatchesItsSchema() {
    OrchestratorIdentity.current().writeTo(temp);
    JsonSchemas.requireValidFile(JsonSchemas.ORCHESTRATOR, temp.resolve(OrchestratorIdentity.FILE));
  }

  @Test
  void aManifestEntryMatchesItsSchema() {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            "helpers",
            "manifest-entry",
            "0123abcd",
            "iter1-batch-1",
            "2");
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonSchemas.requireValid(
        JsonSchemas.MANIFEST_ENTRY,
        "helpers manifest-entry",
        JsonSchemas.parse(out.toString(StandardCharsets.UTF_8)));
  }

  /** The report records as Jackson writes them, failed and missing values included. */
  @Test
  void theReportRecordsWriteWhatTheSchemasSay() {
    var manifest =
        new SpawnManifest(
            1,
            "2025-11-14T10:30:45Z",
            List.of(
                new SpawnManifest.Entry(
                    "abc123",
                    "cfn-wave1-b1-5f3a9c21",
                    "b1",
                    1,
                    "512m",
                    "my-agent:latest",
                    "sha256:abababababababababababababababababababababababababababababababab",
                    SpawnManifest.Entry.RUNNING,
                    "2025-11-14T10:30:46Z",
                    null),
                new SpawnManifest.Entry(
                    null,
                    "cfn-wave1-b2-5f3a9c21",
                    "b2",
                    null,
                    "1536k",
                    "my-agent:latest",
                    null,
                    SpawnManifest.Entry.FAILED,
                    null,
                    "no such image")),
            1,
            "513.5MB");
    var cleanup = new CleanupReport("2025-11-14T10:36:00Z", 1, 1, 0, List.of("b2: gone"), "done");
    var run =
        new RunReport(
            "5f3a9c21",
            null,
            RunStatus.FAILED.wireName(),
            "continuous",
            "21694m",
            "0",
            "1g",
            "2025-11-14T10:30:45Z",
            "2025-11-14T10:35:50Z",
            305,
            new RunReport.Metrics(3, 1, 1, 0, 0, 0, 1, 0, 3),
            List.of(
                new RunReport.BatchReport("b3", 2, "skipped", "dependency b1 failed", List.of()),
                new RunReport.BatchReport(
                    "b1",
                    1,
                    "failed",
                    List.of(
                        new RunReport.AttemptReport(
                            1,
                            "cfn-wave1-b1-5f3a9c21",
                            "abc123",
                            1,
                            "512m",
                            "my-agent:latest",
                            "sha256:abababababababababababababababababababababababababababababababab",
                            "2025-11-14T10:30:46Z",
                            "2025-11-14T10:31:46Z",
                            3L,
                            "failed",
                            null,
                            "worker-1",
                            201326592L),
                        new RunReport.AttemptReport(
                            2,
                            "cfn-wave1-b1-5f3a9c21-a2",
                            null,
                            2,
                            "600m",
                            "my-agent:latest",
                            null,
                            null,
                            null,
                            null,
                            null,
                            "no such image",
                            null,
                            null)))));

    JsonNode written = JsonSchemas.parse(Json.write(manifest));
    JsonSchemas.requireValid(JsonSchemas.SPAWN_MANIFEST, "a SpawnManifest", written);
    assertThat(written.at("/containers/0/id").asText()).isEqualTo("abc123");
    assertThat(written.at("/containers/1/id").isNull()).isTrue();
    JsonSchemas.requireValid(
        JsonSchemas.CLEANUP_REPORT, "a CleanupReport", JsonSchemas.parse(Json.write(cleanup)));
    JsonSchemas.requireValid(
        JsonSchemas.RUN_REPORT, "a RunReport", JsonSchemas.parse(Json.write(run)));
  }

  @Test
  void aDocumentThatBreaksItsFormatFailsValidation() {
    var results =
        new MonitorResults(
            1,
            3,
            MonitorResults.COMPLETE,
            List.of(
                new MonitorResults.ContainerResult(
                    "abc", "b1", "exited", 0L, ExitStatus.SUCCESS, "2025-11-14T10:30:46Z", null)),
            new MonitorResults.Metrics(1, 0, 1, 1, 0, 0));
    JsonNode valid = JsonSchemas.parse(Json.write(results));
    assertThat(JsonSchemas.problems(JsonSchemas.MONITOR_RESULTS, valid)).isEmpty();

    JsonNode renamed = valid.deepCopy();
    ObjectNode metrics = (ObjectNode) renamed.get("metrics");
    metrics.set("succeeded", metrics.remove("success"));
    assertThat(JsonSchemas.problems(JsonSchemas.MONITOR_RESULTS, renamed)).isNotEmpty();

    var badTime = valid.deepCopy();
    ((ObjectNode) badTime.get("containers").get(0)).put("completed_at", "2025-11-14 10:35:33");
    assertThat(JsonSchemas.problems(JsonSchemas.MONITOR_RESULTS, badTime)).isNotEmpty();
  }

  @Test
  void aRunsListingOrStatusThatBreaksItsFormatFailsValidation() {
    String run =
        "{\"run_id\": \"r1\", \"task_id\": null, \"started_at\": \"2025-11-14T10:30:44.870Z\","
            + " \"state\": \"%s\", \"outcome\": null, \"batches\": {\"running\": 1},"
            + " \"duration_seconds\": 3, \"error\": null}";
    String listing = "{\"runs_dir\": \"runs\", \"runs\": [" + run + "]}";
    assertThat(JsonSchemas.problems(JsonSchemas.RUNS, listing.formatted("running"))).isEmpty();
    assertThat(JsonSchemas.problems(JsonSchemas.RUNS, listing.formatted("paused"))).isNotEmpty();
    assertThat(
            JsonSchemas.problems(
                JsonSchemas.RUNS, listing.formatted("running").replace("error", "why")))
        .isNotEmpty();
    assertThat(JsonSchemas.problems(JsonSchemas.RUN_STATUS, "{\"run_id\": \"r1\"}")).isNotEmpty();
  }
}
