package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.it.support.RunTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --retry-on exit:N and --fail-fast-on-log on the real engine. */
class FailureRulesIT extends RunTestSupport {

  @Test
  void anExitRuleRetriesOnlyTheCodeItLists() throws Exception {
    var plan =
        plan(planJson("t", wave(1, batch("three", 1, "exit 3"), batch("four", 1, "exit 4"))));

    CliRun run = run(plan, "--retries", "2", "--backoff", "0.2", "--retry-on", "exit:3");

    assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(1);
    JsonNode three = byBatch(run.json(), "three");
    assertThat(three.get("attempts")).hasSize(3);
    for (JsonNode attempt : three.get("attempts")) {
      assertThat(attempt.get("exit_code").asLong()).isEqualTo(3);
      assertThat(attempt.path("rule").path("option").asText()).isEqualTo("--retry-on");
      assertThat(attempt.path("rule").path("value").asText()).isEqualTo("exit:3");
    }
    JsonNode four = byBatch(run.json(), "four");
    assertThat(four.get("final_status").asText()).isEqualTo("failed");
    assertThat(four.get("attempts")).as("exit 4 is not listed").hasSize(1);
    assertThat(four.get("attempts").get(0).has("rule")).isFalse();
    assertThat(journal("attempt_ended"))
        .filteredOn(e -> e.path("batch_id").asText().equals("three"))
        .allMatch(e -> e.path("rule").path("value").asText().equals("exit:3"));
    Path folder = runFolder(runId);
    assertThat(Files.readString(folder.resolve("summary.md")))
        .contains("exit code listed in --retry-on exit:3");
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void aLogMatchStopsTheRetriesOfItsBatchOnly() throws Exception {
    String flaky =
        "echo transient glitch; if [ -f /workspace/seen-$BATCH_ID ]; then exit 0;"
            + " else touch /workspace/seen-$BATCH_ID; exit 1; fi";
    var plan =
        plan(
            planJson(
                "t",
                wave(
                    1,
                    batch("fatal", 1, "echo starting; echo 'error: quota exceeded' >&2; exit 1"),
                    batch("flaky", 1, flaky))));

    CliRun run =
        run(
            plan,
            "--retries",
            "3",
            "--backoff",
            "0.2",
            "--fail-fast-on-log",
            "^error: quota (exceeded|spent)",
            "--fail-fast-on-log",
            "invalid api key");

    assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(1);
    String reason = "log matched --fail-fast-on-log '^error: quota (exceeded|spent)'";
    JsonNode fatal = byBatch(run.json(), "fatal");
    assertThat(fatal.get("final_status").asText()).isEqualTo("failed");
    assertThat(fatal.get("attempts")).as("no retry after the match").hasSize(1);
    assertThat(fatal.get("reason").asText()).isEqualTo(reason);
    assertThat(fatal.get("attempts").get(0).path("rule").path("value").asText())
        .isEqualTo("^error: quota (exceeded|spent)");
    JsonNode flakyBatch = byBatch(run.json(), "flaky");
    assertThat(flakyBatch.get("final_status").asText()).isEqualTo("success");
    assertThat(flakyBatch.get("attempts")).hasSize(2);
    assertThat(flakyBatch.has("reason")).isFalse();
    assertThat(run.err()).contains("batch fatal is not retried: " + reason);
    assertThat(journal("batch_settled"))
        .filteredOn(e -> e.path("batch_id").asText().equals("fatal"))
        .extracting(e -> e.path("error").asText())
        .containsExactly(reason);
    Path folder = runFolder(runId);
    String name = fatal.get("attempts").get(0).get("container_name").asText();
    assertThat(Files.readString(folder.resolve("logs").resolve(name + ".log")))
        .contains("error: quota exceeded");
    for (String report : List.of("summary.md", "junit.xml", "report.html")) {
      assertThat(Files.readString(folder.resolve(report)))
          .as(report)
          .containsAnyOf(reason, reason.replace("'", "&apos;"), reason.replace("'", "&#39;"));
    }
    assertThat(containersOfThisRun()).isEmpty();
  }
}
