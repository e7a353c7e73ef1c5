package dev.cfnwave.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.render.RunHistory.AttemptHistory;
import dev.cfnwave.render.RunHistory.BatchHistory;
import dev.cfnwave.report.AttemptOutput;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.Json;
import dev.cfnwave.report.ResultFile;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.testing.JsonSchemas;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Output folders and result files in the four report formats. */
class OutputReportsTest {

  static AttemptHistory withOutput(AttemptHistory a, AttemptOutput output) {
    return new AttemptHistory(
        a.number(),
        a.name(),
        a.handle(),
        a.tier(),
        a.memoryLimit(),
        a.queuedAt(),
        a.admittedAt(),
        a.launchedAt(),
        a.startedAt(),
        a.completedAt(),
        a.endedAt(),
        a.exitCode(),
        a.exitStatus(),
        a.error(),
        a.log(),
        a.peakMemory(),
        a.node(),
        a.image(),
        a.imageDigest(),
        output);
  }

  private static Map<String, BigDecimal> usage(String tokens, String cost) {
    Map<String, BigDecimal> usage = new LinkedHashMap<>();
    usage.put("input_tokens", new BigDecimal(tokens));
    usage.put("cost_usd", new BigDecimal(cost));
    return usage;
  }

  /** ok: a summary and usage; bad: failed, with usage and a malformed-file warning on retry. */
  static RunHistory run() {
    AttemptOutput ok =
        new AttemptOutput(
            "out/ok/1",
            2048,
            2,
            new ResultFile("success", "fixed <3> tests & more", null, usage("1000", "0.1"), null),
            List.of());
    AttemptOutput badFirst =
        new AttemptOutput(
            "out/bad/1",
            10,
            1,
            new ResultFile("failed", "gave up", null, usage("500", "0.2"), List.of("x.log")),
            List.of());
    AttemptOutput badSecond =
        new AttemptOutput("out/bad/2", 5, 1, null, List.of("result.json ignored: not JSON: oops"));
    return new RunHistory(
        "r1",
        null,
        "failed",
        "waves",
        MemorySize.parse("1g"),
        Histories.T0,
        Histories.T0.plusSeconds(20),
        20,
        List.of(
            new BatchHistory(
                "ok",
                1,
                "success",
                List.of(withOutput(Histories.attempt(1, 1, 5, ExitStatus.SUCCESS, 0L, null), ok))),
            new BatchHistory(
                "bad",
                1,
                "failed",
                List.of(
                    withOutput(Histories.attempt(1, 1, 3, ExitStatus.FAILED, 1L, null), badFirst),
                    withOutput(
                        Histories.attempt(2, 4, 6, ExitStatus.FAILED, 1L, null), badSecond)))));
  }

  @Test
  void theJsonReportListsEachFolderAndAddsUpUsagePerBatchAndRun() {
    RunReport report = ReportFormat.runReport(run());

    assertThat(report.usage().get("input_tokens")).isEqualByComparingTo("1500");
    assertThat(report.usage().get("cost_usd")).isEqualByComparingTo("0.3");
    assertThat(report.batches().get(1).usage().get("cost_usd")).isEqualByComparingTo("0.2");
    assertThat(report.batches().get(0).attempts().get(0).output().path()).isEqualTo("out/ok/1");
    JsonSchemas.requireValid(
        JsonSchemas.RUN_REPORT, "a report with outputs", JsonSchemas.parse(Json.write(report)));
  }

  @Test
  void aReportWithoutOutputsHasNoUsageOrOutputFields() {
    String json = Json.write(ReportFormat.runReport(Histories.mixed(null)));

    assertThat(json).doesNotContain("\"usage\"").doesNotContain("\"output\"");
  }

  @Test
  void junitCarriesTheSummaryAndWarningsInSystemOut() throws Exception {
    var out = new ByteArrayOutputStream();
    new JunitReport(run()).write(out);
    String xml = out.toString(StandardCharsets.UTF_8);

    assertThat(xml)
        .contains("<system-out>result status: success\nsummary: fixed &lt;3&gt; tests &amp; more")
        .contains("usage: input_tokens 1000, cost_usd 0.1")
        .contains("output folder out/ok/1: 2 files, ")
        .contains("warning: result.json ignored: not JSON: oops");
  }

  @Test
  void markdownHasAResultsTableAndTheUsageInAll() {
    String md = new MarkdownSummary(run()).render();

    assertThat(md)
        .contains("#### Results")
        .contains("Usage in all: input_tokens 1500, cost_usd 0.3.")
        .contains("| ok | success | fixed <3> tests & more | input_tokens 1000, cost_usd 0.1 |")
        .contains("⚠ result.json ignored: not JSON: oops")
        .contains("  - summary: gave up");
  }

  @Test
  void htmlLinksEachFolderAndEscapesTheSummary() {
    String html = new HtmlTimeline(run()).render();

    assertThat(html)
        .contains("<a href=\"out/ok/1/\">out/ok/1</a>")
        .contains("fixed &lt;3&gt; tests &amp; more")
        .contains("<em>warning: result.json ignored: not JSON: oops</em>")
        .contains("Usage in all: input_tokens 1500, cost_usd 0.3");
  }

  @Test
  void reportsWithoutOutputsAreUnchanged() {
    RunHistory plain = Histories.mixed(null);

    assertThat(new MarkdownSummary(plain).render()).doesNotContain("Results");
    assertThat(new HtmlTimeline(plain).render()).doesNotContain("id=\"results\"");
  }
}
