package dev.cfnwave.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.render.RunHistory.BatchHistory;
import dev.cfnwave.report.AttemptOutput;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.ResultFile;
import dev.cfnwave.testing.CsvText;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** report --format csv: a record per attempt, the usage keys as columns. */
class CsvReportTest {

  private static String csv(RunHistory run) {
    return new String(ReportFormat.CSV.render(run), StandardCharsets.UTF_8);
  }

  @Test
  void theHeaderIsTheFixedColumnsThenTheUsageKeys() {
    List<String> header = CsvText.parse(csv(OutputReportsTest.run())).get(0);

    List<String> expected = new ArrayList<>(CsvReport.COLUMNS);
    expected.addAll(List.of("usage.input_tokens", "usage.cost_usd"));
    assertThat(header).isEqualTo(expected);
  }

  @Test
  void eachAttemptIsARecordWithItsOutputResultAndUsage() {
    List<Map<String, String>> rows = CsvText.rows(csv(OutputReportsTest.run()));

    assertThat(rows).hasSize(3);
    Map<String, String> ok = rows.get(0);
    assertThat(ok)
        .containsEntry("run_id", "r1")
        .containsEntry("batch_id", "ok")
        .containsEntry("wave", "1")
        .containsEntry("batch_status", "success")
        .containsEntry("attempt", "1")
        .containsEntry("tier", "1")
        .containsEntry("memory_limit_bytes", "536870912")
        .containsEntry("status", "success")
        .containsEntry("exit_code", "0")
        .containsEntry("reason", "")
        .containsEntry("started_at", "2025-11-14T10:30:47Z")
        .containsEntry("ended_at", "2025-11-14T10:30:50Z")
        .containsEntry("duration_seconds", "3")
        .containsEntry("output_path", "out/ok/1")
        .containsEntry("output_bytes", "2048")
        .containsEntry("output_files", "2")
        .containsEntry("result_status", "success")
        .containsEntry("summary", "fixed <3> tests & more")
        .containsEntry("usage.input_tokens", "1000")
        .containsEntry("usage.cost_usd", "0.1");
    Map<String, String> badSecond = rows.get(2);
    assertThat(badSecond)
        .containsEntry("batch_id", "bad")
        .containsEntry("attempt", "2")
        .containsEntry("status", "failed")
        .containsEntry("exit_code", "1")
        .containsEntry("warnings", "result.json ignored: not JSON: oops")
        .containsEntry("usage.input_tokens", "")
        .containsEntry("usage.cost_usd", "");
  }

  @Test
  void aBatchThatNeverStartedIsOneRecordWithoutAnAttempt() {
    RunHistory run = Histories.mixed(Path.of("/runs/r1/logs/cfn-wave1-b-r2.log"));

    List<Map<String, String>> rows = CsvText.rows(csv(run));

    Map<String, String> later = rows.get(rows.size() - 1);
    assertThat(later)
        .containsEntry("batch_id", "later")
        .containsEntry("attempt", "")
        .containsEntry("status", "not_started")
        .containsEntry("started_at", "");
    assertThat(rows.stream().filter(r -> r.get("batch_id").equals("broken")).toList())
        .extracting(r -> r.get("log"))
        .containsExactly("", "logs/cfn-wave1-b-r2.log");
    assertThat(CsvText.parse(csv(run)).get(0)).isEqualTo(CsvReport.COLUMNS);
  }

  @Test
  void aSummaryWithCommasQuotesAndLineBreaksReadsBackWhole() {
    String hostile = "fixed a, b and \"c\"\r\nthen =SUM(A1)";
    RunHistory run = withResult(new ResultFile("success", hostile, null, Map.of(), null));

    String text = csv(run);

    assertThat(CsvText.rows(text).get(0)).containsEntry("summary", hostile);
  }

  @Test
  void tokensAndCostComeFirstThenTheOtherKeysSorted() {
    Map<String, BigDecimal> usage = new LinkedHashMap<>();
    usage.put("zeta", new BigDecimal("1"));
    usage.put("cost_usd", new BigDecimal("0.50"));
    usage.put("cache_tokens", new BigDecimal("7"));
    usage.put("output_tokens", new BigDecimal("20"));
    usage.put("input_tokens", new BigDecimal("1E+3"));
    RunHistory run = withResult(new ResultFile(null, null, null, usage, null));

    String text = csv(run);

    List<String> header = CsvText.parse(text).get(0);
    assertThat(header.subList(CsvReport.COLUMNS.size(), header.size()))
        .containsExactly(
            "usage.input_tokens",
            "usage.output_tokens",
            "usage.cost_usd",
            "usage.cache_tokens",
            "usage.zeta");
    assertThat(CsvText.rows(text).get(0))
        .containsEntry("usage.input_tokens", "1000")
        .containsEntry("usage.cost_usd", "0.5");
  }

  @Test
  void aRunWithoutOutputsHasNoUsageColumns() {
    assertThat(CsvText.parse(csv(Histories.mixed(null))).get(0)).isEqualTo(CsvReport.COLUMNS);
  }

  private static RunHistory withResult(ResultFile result) {
    var attempt =
        OutputReportsTest.withOutput(
            Histories.attempt(1, 1, 5, ExitStatus.SUCCESS, 0L, null),
            new AttemptOutput("out/b/1", 10, 1, result, List.of()));
    return new RunHistory(
        "r2",
        null,
        "succeeded",
        "waves",
        null,
        Histories.T0,
        Histories.T0.plusSeconds(6),
        6,
        List.of(new BatchHistory("b", 1, "success", List.of(attempt))));
  }
}
