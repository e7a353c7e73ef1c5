package dev.cfnwave.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.testing.JsonSchemas;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResultFileReaderTest {

  @TempDir Path folder;

  private static final String FULL =
      """
      {"status": "success", "summary": "fixed 3 tests", "retry_after_seconds": 30,
       "usage": {"input_tokens": 1200, "output_tokens": 340, "cost_usd": 0.031},
       "artifacts": ["patch.diff", "logs/run.txt"], "model": "any unknown field is fine"}
      """;

  @Test
  void aFullResultFileIsReadWithItsNumbersExact() {
    ResultFileReader.Read read = ResultFileReader.parse(FULL);

    assertThat(read.warning()).isNull();
    ResultFile r = read.result();
    assertThat(r.status()).isEqualTo("success");
    assertThat(r.summary()).isEqualTo("fixed 3 tests");
    assertThat(r.retryAfterSeconds()).isEqualByComparingTo("30");
    assertThat(r.usage())
        .containsExactly(
            Map.entry("input_tokens", new BigDecimal("1200")),
            Map.entry("output_tokens", new BigDecimal("340")),
            Map.entry("cost_usd", new BigDecimal("0.031")));
    assertThat(r.artifacts()).containsExactly("patch.diff", "logs/run.txt");
  }

  @Test
  void anEmptyObjectIsAResultWithNothingInIt() {
    ResultFileReader.Read read = ResultFileReader.parse("{}");

    assertThat(read.warning()).isNull();
    assertThat(read.result().status()).isNull();
    assertThat(read.result().usage()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "[1, 2]",
        "\"success\"",
        "{\"status\": \"done\"}",
        "{\"status\": 1}",
        "{\"summary\": \"two\\nlines\"}",
        "{\"summary\": 42}",
        "{\"usage\": {\"cost_usd\": \"0.1\"}}",
        "{\"usage\": {\"cost_usd\": -1}}",
        "{\"usage\": [1]}",
        "{\"usage\": {\"a b\": 1}}",
        "{\"retry_after_seconds\": -5}",
        "{\"artifacts\": \"patch.diff\"}",
        "{\"artifacts\": [\"/etc/passwd\"]}",
        "{\"artifacts\": [\"../other/1/x\"]}",
        "{\"artifacts\": [\"a/../../x\"]}",
        "{\"artifacts\": [\"\"]}"
      })
  void aMalformedFileIsAWarningAndNoResultAndTheSchemaAgrees(String text) {
    ResultFileReader.Read read = ResultFileReader.parse(text);

    assertThat(read.result()).isNull();
    assertThat(read.warning()).startsWith("result.json ignored: ");
    if (text.startsWith("{")) {
      assertThat(JsonSchemas.problems(JsonSchemas.RESULT_FILE, text)).isNotEmpty();
    }
  }

  @Test
  void aValidFileMatchesTheSchema() {
    assertThat(JsonSchemas.problems(JsonSchemas.RESULT_FILE, FULL)).isEmpty();
  }

  @Test
  void aLongSummaryIsRefusedByBothTheReaderAndTheSchema() {
    String text = "{\"summary\": \"" + "x".repeat(ResultFileReader.MAX_SUMMARY + 1) + "\"}";

    assertThat(ResultFileReader.parse(text).warning()).contains("longer than 500");
    assertThat(JsonSchemas.problems(JsonSchemas.RESULT_FILE, text)).isNotEmpty();
  }

  @Test
  void noFileIsNoResultAndNoWarning() {
    ResultFileReader.Read read = ResultFileReader.readIn(folder);

    assertThat(read).isEqualTo(new ResultFileReader.Read(null, null));
  }

  @Test
  void anOversizedFileIsNotReadWhole() throws IOException {
    Files.writeString(
        folder.resolve("result.json"),
        "{\"summary\": \"" + "x".repeat(ResultFileReader.MAX_BYTES) + "\"}");

    assertThat(ResultFileReader.readIn(folder).warning()).contains("larger than 64 KiB");
  }

  @Test
  void aFolderOrALinkInItsPlaceIsAWarning() throws IOException {
    Path output = Files.createDirectory(folder.resolve("output"));
    Files.createDirectory(output.resolve("result.json"));
    assertThat(ResultFileReader.readIn(output).warning()).contains("not a regular file");

    Files.delete(output.resolve("result.json"));
    Files.writeString(folder.resolve("secret"), "{\"summary\": \"host file\"}");
    Files.createSymbolicLink(output.resolve("result.json"), folder.resolve("secret"));
    assertThat(ResultFileReader.readIn(output).warning()).contains("not a regular file");
  }

  @Test
  void agreementWithTheExitStatus() {
    ResultFile success = new ResultFile("success", null, null, null, List.of());
    ResultFile skipped = new ResultFile("skipped", null, null, null, List.of());
    ResultFile limited = new ResultFile("rate_limited", null, null, null, List.of());
    ResultFile none = new ResultFile(null, "x", null, null, List.of());

    assertThat(success.agreesWith(ExitStatus.SUCCESS)).isTrue();
    assertThat(success.agreesWith(ExitStatus.FAILED)).isFalse();
    assertThat(skipped.agreesWith(ExitStatus.SUCCESS)).isTrue();
    assertThat(limited.agreesWith(ExitStatus.FAILED)).isTrue();
    assertThat(limited.agreesWith(ExitStatus.SUCCESS)).isFalse();
    assertThat(none.agreesWith(ExitStatus.OOM_KILLED)).isTrue();
    assertThat(limited.asExitStatus()).isEqualTo(ExitStatus.FAILED);
    assertThat(skipped.asExitStatus()).isEqualTo(ExitStatus.SUCCESS);
  }

  @Test
  void usageAddsUpExactlyKeyByKey() {
    Map<String, BigDecimal> total =
        Usage.sum(
            java.util.stream.Stream.of(
                Map.of("cost_usd", new BigDecimal("0.1")),
                Map.of("cost_usd", new BigDecimal("0.2"), "input_tokens", BigDecimal.TEN)));

    assertThat(total.get("cost_usd")).isEqualByComparingTo("0.3");
    assertThat(total.get("input_tokens")).isEqualByComparingTo("10");
  }
}
