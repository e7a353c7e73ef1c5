package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.it.support.RunTestSupport;
import dev.cfnwave.testing.JsonSchemas;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Best-of-N on the real engine: once a group (or the run, --halt success=N) had its success, its
 * other containers are stopped and their batches end cancelled, the run exits 0 and leaves no
 * container behind.
 */
class BestOfNIT extends RunTestSupport {

  private static final String SLOW = "sleep 60";
  private static final String JOURNAL_STOPPING = "attempt_stopping";

  @Test
  void bestOfThreeStopsTheTwoOthersOnceOneSucceeded() throws Exception {
    String plan =
        "{\"task_id\": \"best-of-3\", \"groups\": {\"fix-auth\": {\"need\": 1}}, \"waves\": ["
            + wave(
                1,
                inGroup(batch("fast", 1, "sleep 1"), "fix-auth"),
                inGroup(batch("slow-1", 1, SLOW), "fix-auth"),
                inGroup(batch("slow-2", 1, SLOW), "fix-auth"))
            + "]}";

    CliRun run = run(plan(plan), "--stop-grace", "1");

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    JsonNode report = run.json();
    JsonSchemas.requireValid(JsonSchemas.RUN_REPORT, "run's report", report);
    assertThat(report.get("status").asText()).isEqualTo("succeeded");
    assertThat(byBatch(report, "fast").get("final_status").asText()).isEqualTo("success");
    for (String id : List.of("slow-1", "slow-2")) {
      JsonNode batch = byBatch(report, id);
      assertThat(batch.get("final_status").asText()).as(id).isEqualTo("cancelled");
      assertThat(batch.get("reason").asText()).isEqualTo("group fix-auth had its 1 success");
      if (!batch.get("attempts").isEmpty()) {
        assertThat(journal(JOURNAL_STOPPING))
            .as(id + " was stopped for its group")
            .anyMatch(
                line ->
                    line.get("batch_id").asText().equals(id)
                        && line.get("error").asText().equals("cancelled"));
      }
    }
    assertThat(report.get("metrics").get("cancelled").asInt()).isEqualTo(2);
    assertThat(Files.readString(runFolder(runId).resolve("junit.xml")))
        .contains("<skipped message=\"cancelled: group fix-auth had its 1 success\"");
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void haltSuccessOneCancelsEveryOtherBatchOfTheRun() throws Exception {
    String plan =
        planJson(
            "halt",
            wave(1, batch("fast", 1, "sleep 1"), batch("slow", 1, SLOW)),
            wave(2, batch("later", 1, "true")));
    CliRun run;
    List<EngineEvent> created;
    try (var engine = EngineEvents.of(runId)) {
      run = run(plan(plan), "--halt", "success=1", "--stop-grace", "1");
      created = engine.withAction("create");
    }

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    JsonNode report = run.json();
    assertThat(byBatch(report, "slow").get("final_status").asText()).isEqualTo("cancelled");
    assertThat(byBatch(report, "later").get("reason").asText())
        .isEqualTo("the run had its 1 success (--halt)");
    assertThat(created).extracting(e -> e.label(CfnLabels.BATCH_ID)).doesNotContain("later");
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void aBadHaltIsRefusedWithOneLine() {
    CliRun run = run(plan(planJson("bad", wave(1, batch("a", 1, "true")))), "--halt", "fail=1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1).first().asString().contains("--halt");
    assertThat(containersOfThisRun()).isEmpty();
  }

  /** The batch's JSON in a group. */
  private static String inGroup(String batch, String group) {
    return batch.substring(0, batch.length() - 1) + ", \"group\": \"" + group + "\"}";
  }
}
