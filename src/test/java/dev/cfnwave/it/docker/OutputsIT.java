package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.it.support.RunTestSupport;
import dev.cfnwave.testing.CsvText;
import dev.cfnwave.testing.JsonSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Output folders and result files on the real engine: kept for failed and successful attempts,
 * written by a non-root --user, a flood past --output-limit failing only its attempt, a result's
 * summary in report.json, the summary table, junit.xml, summary.md, report.html and report --format
 * csv, and a malformed result file a warning.
 */
class OutputsIT extends RunTestSupport {

  private static final String RESULT =
      "echo hi > /cfn/out/note.txt; printf '%s' '{\"status\": \"success\", \"summary\":"
          + " \"wrote a note\", \"usage\": {\"input_tokens\": 100, \"cost_usd\": 0.25},"
          + " \"artifacts\": [\"note.txt\"]}' > /cfn/out/result.json";

  @Test
  void foldersAreKeptResultsReportedAndAFloodFailsOnlyItsAttempt() throws Exception {
    Path plan =
        plan(
            planJson(
                "outs",
                wave(
                    1,
                    batch("ok", 1, RESULT),
                    batch("fails", 1, "echo partial > /cfn/out/partial.txt; id -u; exit 3"),
                    batch(
                        "flood",
                        1,
                        "dd if=/dev/zero of=/cfn/out/big bs=1024 count=4096 2>/dev/null;"
                            + " sleep 60"),
                    batch("malformed", 1, "echo '{oops' > /cfn/out/result.json"))));

    CliRun run = run(plan, "--user", "1000:1000", "--output-limit", "1m", "--stop-grace", "1");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    Path folder = runFolder(runId);
    JsonNode report = read(folder.resolve("report.json"));
    JsonSchemas.requireValidFile(JsonSchemas.RUN_REPORT, folder.resolve("report.json"));

    JsonNode ok = byBatch(report, "ok").path("attempts").get(0);
    assertThat(ok.path("exit_status").asText()).isEqualTo("success");
    assertThat(ok.path("output").path("path").asText()).isEqualTo("out/ok/1");
    assertThat(ok.path("output").path("files").asLong()).isEqualTo(2);
    assertThat(ok.path("output").path("result").path("summary").asText()).isEqualTo("wrote a note");
    assertThat(report.path("usage").path("cost_usd").decimalValue()).isEqualByComparingTo("0.25");
    assertThat(byBatch(report, "ok").path("usage").path("input_tokens").asLong()).isEqualTo(100);
    assertThat(Files.getAttribute(folder.resolve("out/ok/1/note.txt"), "unix:uid"))
        .as("written by the container's --user")
        .isEqualTo(1000);

    JsonNode fails = byBatch(report, "fails").path("attempts").get(0);
    assertThat(fails.path("exit_status").asText()).isEqualTo("failed");
    assertThat(folder.resolve("out/fails/1/partial.txt")).hasContent("partial");

    JsonNode flood = byBatch(report, "flood").path("attempts").get(0);
    assertThat(flood.path("exit_status").asText()).isEqualTo("failed");
    assertThat(flood.path("error").asText()).isEqualTo("output over the limit");
    assertThat(flood.path("output").path("bytes").asLong()).as("cut to the cap").isEqualTo(1 << 20);
    assertThat(folder.resolve("out/flood/1/big")).hasSize(1 << 20);
    assertThat(flood.path("output").path("warnings").toString())
        .contains("cut to --output-limit (1m): 1 file truncated, 0 files removed");

    JsonNode malformed = byBatch(report, "malformed").path("attempts").get(0);
    assertThat(malformed.path("exit_status").asText()).isEqualTo("success");
    assertThat(malformed.path("output").has("result")).isFalse();
    assertThat(malformed.path("output").path("warnings").get(0).asText())
        .startsWith("result.json ignored: not JSON");
    assertThat(run.err()).contains("result.json ignored: not JSON");

    assertThat(run.err())
        .contains("wrote a note")
        .contains("usage: input_tokens 100, cost_usd 0.25");
    String junit = Files.readString(folder.resolve("junit.xml"));
    assertThat(junit).contains("<system-out>result status: success\nsummary: wrote a note");
    assertThat(Files.readString(folder.resolve("summary.md")))
        .contains("| ok | success | wrote a note |");
    String html = Files.readString(folder.resolve("report.html"));
    assertThat(html).contains("wrote a note").contains("<a href=\"out/ok/1/\">");

    CliRun csv = cfnWave("report", folder.toString(), "--format", "csv");
    assertThat(csv.exitCode()).as(csv.err()).isZero();
    List<List<String>> records = CsvText.parse(csv.out());
    assertThat(records.get(0)).endsWith("log", "usage.input_tokens", "usage.cost_usd");
    Map<String, Map<String, String>> rows = new HashMap<>();
    CsvText.rows(csv.out()).forEach(r -> rows.put(r.get("batch_id"), r));
    assertThat(rows).containsOnlyKeys("ok", "fails", "flood", "malformed");
    assertThat(rows.get("ok"))
        .containsEntry("run_id", runId)
        .containsEntry("attempt", "1")
        .containsEntry("status", "success")
        .containsEntry("exit_code", "0")
        .containsEntry("output_path", "out/ok/1")
        .containsEntry("output_files", "2")
        .containsEntry("summary", "wrote a note")
        .containsEntry("usage.input_tokens", "100")
        .containsEntry("usage.cost_usd", "0.25")
        .containsEntry("started_at", ok.path("started_at").asText())
        .containsEntry("ended_at", ok.path("completed_at").asText());
    assertThat(rows.get("fails"))
        .containsEntry("status", "failed")
        .containsEntry("exit_code", "3")
        .containsEntry("usage.cost_usd", "");
    assertThat(rows.get("fails").get("log")).matches("logs/.+\\.log");
    assertThat(rows.get("flood")).containsEntry("reason", "output over the limit");
    assertThat(rows.get("malformed").get("warnings")).startsWith("result.json ignored: not JSON");

    CliRun tiers = cfnWave("tiers", "suggest", folder.toString());
    assertThat(tiers.exitCode()).as(tiers.err()).isZero();
    JsonNode suggestion = JsonSchemas.parse(tiers.out());
    JsonSchemas.requireValid(JsonSchemas.TIERS_SUGGESTION, "tiers suggest with usage", suggestion);
    assertThat(suggestion.at("/suggestions/usage/cost_usd/total").decimalValue())
        .isEqualByComparingTo("0.25");
    assertThat(suggestion.at("/suggestions/usage/cost_usd/reported").asInt()).isEqualTo(1);
    assertThat(tiers.err()).contains("cost_usd per batch run: mean $0.25, p95 $0.25, $0.25 in all");

    JsonNode ended =
        journal("attempt_ended").stream()
            .filter(line -> line.path("batch_id").asText().equals("ok"))
            .findFirst()
            .orElseThrow();
    assertThat(ended.path("output").path("result").path("summary").asText())
        .isEqualTo("wrote a note");
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void withOutputsNoneThereIsNoFolderAndNoMount() throws Exception {
    Path plan =
        plan(planJson("outs", wave(1, batch("plain", 1, "test ! -e /cfn/out && echo none"))));

    CliRun run = run(plan, "--outputs", "none");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(runFolder(runId).resolve("out")).doesNotExist();
    assertThat(byBatch(read(runFolder(runId).resolve("report.json")), "plain").path("attempts"))
        .allSatisfy(a -> assertThat(a.has("output")).isFalse());
  }
}
