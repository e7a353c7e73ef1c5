package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.it.support.RunTestSupport;
import dev.cfnwave.testing.JsonSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * depends_on on the real engine: a diamond starts each batch only after its dependencies ended (as
 * the engine's own events order them), a failed dependency leaves its dependents skipped and never
 * created, and spawn refuses a wave it cannot order.
 */
class DependenciesIT extends RunTestSupport {

  /** a; b and c after a; d after b and c. */
  private static String diamond() {
    return planJson(
        "diamond",
        wave(
            1,
            withDependencies(batch("d", 1, "sleep 1"), "b", "c"),
            withDependencies(batch("b", 1, "sleep 1"), "a"),
            withDependencies(batch("c", 1, "sleep 2"), "a"),
            batch("a", 1, "sleep 1")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"waves", "continuous"})
  void aDiamondStartsEachBatchAfterItsDependenciesEnded(String schedule) throws Exception {
    CliRun run;
    List<EngineEvent> events;
    try (var engine = EngineEvents.of(runId)) {
      run = run(plan(diamond()), "--schedule", schedule);
      engine.awaitCount("die", 4);
      events = engine.all();
    }

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    assertThat(run.json().get("metrics").get("succeeded").asInt()).isEqualTo(4);
    assertThat(time(events, "start", "b")).isGreaterThan(time(events, "die", "a"));
    assertThat(time(events, "start", "c")).isGreaterThan(time(events, "die", "a"));
    assertThat(time(events, "start", "d"))
        .isGreaterThan(time(events, "die", "b"))
        .isGreaterThan(time(events, "die", "c"));
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void aFailedDependencyLeavesItsDependentsSkippedAndNeverCreated() throws Exception {
    Path plan =
        plan(
            planJson(
                "failing",
                wave(1, batch("a", 1, "exit 3"), withDependencies(batch("b", 1, "true"), "a")),
                wave(2, withDependencies(batch("c", 1, "true"), "b"), batch("free", 1, "true"))));
    CliRun run;
    List<EngineEvent> created;
    try (var engine = EngineEvents.of(runId)) {
      run = run(plan, "--keep-going", "--retries", "1", "--backoff", "0");
      engine.awaitCount("die", 3);
      created = engine.withAction("create");
    }

    assertThat(run.exitCode()).as("a skipped batch fails the run: " + run.err()).isEqualTo(1);
    JsonNode report = run.json();
    JsonSchemas.requireValid(JsonSchemas.RUN_REPORT, "run's report", report);
    assertThat(report.get("status").asText()).isEqualTo("failed");
    assertThat(byBatch(report, "a").get("attempts")).hasSize(2);
    assertThat(byBatch(report, "b").get("final_status").asText()).isEqualTo("skipped");
    assertThat(byBatch(report, "b").get("reason").asText()).isEqualTo("dependency a failed");
    assertThat(byBatch(report, "c").get("reason").asText())
        .isEqualTo("dependency b failed (skipped)");
    assertThat(byBatch(report, "free").get("final_status").asText()).isEqualTo("success");
    assertThat(report.get("metrics").get("skipped").asInt()).isEqualTo(2);
    assertThat(created)
        .extracting(e -> e.label(CfnLabels.BATCH_ID))
        .containsExactlyInAnyOrder("a", "a", "free");
    assertThat(run.err()).contains("batch b skipped: dependency a failed");
    assertThat(Files.readString(runFolder(runId).resolve("junit.xml")))
        .contains("<skipped message=\"skipped: dependency a failed\"");
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void spawnRefusesAWaveWhoseBatchesDependOnEachOther() {
    CliRun spawn = spawn(plan(diamond()), 1);

    assertThat(spawn.exitCode()).isEqualTo(2);
    assertThat(spawn.errLines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("$.waves[0].batches[0].depends_on[0]", "use cfn-wave run"));
    assertThat(containersOfThisRun()).isEmpty();
  }

  /** The batch's JSON with a depends_on list. */
  private static String withDependencies(String batch, String... ids) {
    return batch.substring(0, batch.length() - 1)
        + ", \"depends_on\": [\""
        + String.join("\", \"", ids)
        + "\"]}";
  }

  private static long time(List<EngineEvent> events, String action, String batchId) {
    return events.stream()
        .filter(e -> e.action().equals(action) && batchId.equals(e.label(CfnLabels.BATCH_ID)))
        .mapToLong(EngineEvent::timeNano)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + action + " event of " + batchId));
  }
}
