package dev.cfnwave.render;

import static dev.cfnwave.render.Histories.attempt;
import static dev.cfnwave.render.Histories.withRule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.render.RunHistory.BatchHistory;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.FailureRule;
import dev.cfnwave.report.Json;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.testing.JsonSchemas;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The failure rule that fired, in the four report formats. */
class FailureRuleReportsTest {

  private static final String MATCHED = "log matched --fail-fast-on-log 'quota'";

  /** flaky: exit 3 retried by its exit rule, then success; fatal: settled by a log match. */
  private static RunHistory run() {
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
                "flaky",
                1,
                "success",
                List.of(
                    withRule(
                        attempt(1, 1, 3, ExitStatus.FAILED, 3L, null), FailureRule.retryOnExit(3)),
                    attempt(2, 4, 6, ExitStatus.SUCCESS, 0L, null))),
            new BatchHistory(
                "fatal",
                1,
                "failed",
                MATCHED,
                List.of(
                    withRule(
                        attempt(1, 1, 2, ExitStatus.FAILED, 1L, null),
                        FailureRule.failFastOnLog("quota"))))));
  }

  @Test
  void theJsonReportHasTheRulePerAttemptAndTheReasonPerBatch() {
    RunReport report = ReportFormat.runReport(run());

    assertThat(report.batches().get(0).attempts().get(0).rule())
        .isEqualTo(FailureRule.retryOnExit(3));
    assertThat(report.batches().get(1).reason()).isEqualTo(MATCHED);
    String json = Json.write(report);
    assertThat(json).contains("\"value\": \"exit:3\"");
    JsonSchemas.requireValid(
        JsonSchemas.RUN_REPORT, "a report with failure rules", JsonSchemas.parse(json));
  }

  @Test
  void markdownJunitAndHtmlSayWhichRuleFired() throws Exception {
    String md = new MarkdownSummary(run()).render();
    var out = new ByteArrayOutputStream();
    new JunitReport(run()).write(out);
    String xml = out.toString(StandardCharsets.UTF_8);
    String html = new HtmlTimeline(run()).render();

    assertThat(md).as("batches that did not succeed").contains("'quota'\n- attempt 1: failed");
    assertThat(xml)
        .contains("message=\"attempt 1: failed, exit 1")
        .contains(MATCHED)
        .contains("flakyFailure type=\"exit:3\" message=\"attempt 1: failed, exit 3")
        .contains("; exit code listed in --retry-on exit:3\"");
    assertThat(html)
        .contains("<ul id=\"rules\">")
        .contains("flaky, attempt 1: exit code listed in --retry-on exit:3</li>")
        .contains("fatal, attempt 1: log matched --fail-fast-on-log &#39;quota&#39;: not retried");
  }
}
