package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.report.Json;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.testing.JsonSchemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tiers suggest reads each run once, and tells a folder that is no run from an unfinished run. */
class TiersSuggestCommandTest {

  @TempDir Path temp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int suggest(String... runs) {
    String[] args = new String[runs.length + 4];
    args[0] = "tiers";
    args[1] = "suggest";
    args[2] = "--runs-dir";
    args[3] = temp.toString();
    System.arraycopy(runs, 0, args, 4, runs.length);
    return Main.run(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of(),
        args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** A finished run of one batch whose one attempt peaked at 40 MiB of its 512m. */
  private Path finishedRun(String runId) throws Exception {
    Path plan = Files.writeString(temp.resolve(runId + "-plan.json"), "{}");
    Path folder = temp.resolve(runId);
    RunFolder.create(folder, plan, List.of("run", "--wave-plan", "plan.json"), Map.of());
    Files.writeString(
        folder.resolve("report.json"),
        """
        {"run_id": "%s", "schedule": "waves", "memory_budget": "2g", "duration_seconds": 3,
         "batches": [{"batch_id": "b", "wave_number": 1, "final_status": "success",
           "attempts": [{"attempt": 1, "tier": 2, "memory_limit": "512m",
             "started_at": "2026-01-01T00:00:00Z", "completed_at": "2026-01-01T00:00:03Z",
             "exit_status": "success", "peak_memory_bytes": 41943040}]}]}
        """
            .formatted(runId));
    return folder;
  }

  @Test
  void theSpendOfEachBatchComesFromReportJsonsUsageAndMatchesTheSchema() throws Exception {
    Path folder = finishedRun("r1");
    String report = Files.readString(folder.resolve("report.json"));
    Files.writeString(
        folder.resolve("report.json"),
        report.replace(
            "\"final_status\": \"success\",",
            "\"final_status\": \"success\", \"usage\": {\"cost_usd\": 0.25, \"input_tokens\": 1200},"));
    finishedRun("r2");

    int exit = suggest("r1", "r2");

    assertThat(exit).as(err()).isZero();
    JsonNode document = Json.MAPPER.readTree(out.toString());
    JsonSchemas.requireValid(JsonSchemas.TIERS_SUGGESTION, "tiers suggest with usage", document);
    JsonNode cost = document.at("/suggestions/batches/0/usage/cost_usd");
    assertThat(cost.get("reported").asInt()).isEqualTo(1);
    assertThat(cost.get("mean").decimalValue()).isEqualByComparingTo("0.25");
    assertThat(document.at("/suggestions/usage/input_tokens/total").asInt()).isEqualTo(1200);
    assertThat(err()).contains("cost_usd per batch run: mean $0.25, p95 $0.25, $0.25 in all");
  }

  @Test
  void withoutUsageTheDocumentSaysNullAndMatchesTheSchema() throws Exception {
    finishedRun("r1");

    assertThat(suggest("r1")).as(err()).isZero();
    JsonNode document = Json.MAPPER.readTree(out.toString());
    JsonSchemas.requireValid(JsonSchemas.TIERS_SUGGESTION, "tiers suggest without usage", document);
    assertThat(document.at("/suggestions/usage").isNull()).isTrue();
    assertThat(document.at("/suggestions/batches/0/usage").isNull()).isTrue();
    assertThat(err()).contains("usage: no result file reported any");
  }

  @Test
  void aRunNamedTwiceByIdPathOrLinkIsCountedOnce() throws Exception {
    Path folder = finishedRun("r1");
    Path link = Files.createSymbolicLink(temp.resolve("link"), folder);

    int exit = suggest("r1", folder.toString(), link.toString() + "/", "r1");

    assertThat(exit).as(err()).isZero();
    JsonNode suggestions = Json.MAPPER.readTree(out.toString()).get("suggestions");
    assertThat(suggestions.get("runs")).hasSize(1);
    JsonNode batch = suggestions.get("batches").get(0);
    assertThat(batch.get("attempts").asInt()).isEqualTo(1);
    assertThat(batch.get("peaks_bytes")).hasSize(1);
    assertThat(err()).contains(folder + ": a run folder named before, counted once");
  }

  @Test
  void aCopiedRunFolderIsTheSameRunAndCountedOnce() throws Exception {
    Path folder = finishedRun("r1");
    Path copy = Files.createDirectories(temp.resolve("copy"));
    try (var files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }

    int exit = suggest(folder.toString(), copy.toString());

    assertThat(exit).as(err()).isZero();
    JsonNode suggestions = Json.MAPPER.readTree(out.toString()).get("suggestions");
    assertThat(suggestions.get("batches").get(0).get("attempts").asInt()).isEqualTo(1);
    assertThat(err()).contains(copy + ": run r1 again (a copy of its folder), counted once");
  }

  @Test
  void aFolderThatIsNoRunIsCalledThatByItsPath() throws Exception {
    Path notARun = Files.createDirectories(temp.resolve("photos"));

    int exit = suggest(notARun.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err().strip()).contains(notARun + ": not a run folder").doesNotContain("finish");
  }

  @Test
  void aRunThatDidNotFinishIsStillToldSo() throws Exception {
    Path folder = finishedRun("r2");
    Files.delete(folder.resolve("report.json"));

    int exit = suggest(folder.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err()).contains(folder + ": no report.json: the run did not finish");
  }
}
