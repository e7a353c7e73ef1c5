package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.engine.ContainerState;
import dev.cfnwave.it.support.RunTestSupport;
import dev.cfnwave.testing.JsonSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The spend budget on the real engine: six batches whose result files report $1 each, two at a
 * time, under --max-cost 3: admission stops once $3 is reported, the running one finishes, the two
 * left are skipped, the run exits 4 with its reports whole; killed (kill -9) after the stop, the
 * resume keeps it, and a resume with a higher limit goes on.
 */
class SpendBudgetIT extends RunTestSupport {

  /** Reports $1, then waits for the test's word to exit. */
  private static final String SPENDER =
      "printf '%s' '{\"status\": \"success\", \"summary\": \"spent a dollar\", \"usage\":"
          + " {\"cost_usd\": 1, \"output_tokens\": 10}}' > /cfn/out/result.json;"
          + " until [ -f /workspace/exit-$BATCH_ID ]; do sleep 0.1; done;"
          + " exit $(cat /workspace/exit-$BATCH_ID)";

  private static final List<String> IDS =
      IntStream.rangeClosed(1, 6).mapToObj(i -> "s" + i).toList();

  /** Two 512m containers fit at a time. */
  private static final String[] OPTIONS = {
    "--memory-budget", "1g", "--parallel", "2", "--schedule", "continuous", "--max-cost", "3"
  };

  @Test
  void admissionStopsOnceTheCostReachesTheLimitAndTheReportIsWhole() throws Exception {
    Path plan = sixSpenders();

    CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> run(plan, OPTIONS));
    spendToTheLimit(running::isDone);
    finishRunning();
    CliRun run = running.get(60, TimeUnit.SECONDS);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
    assertThat(run.err())
        .contains("spend budget reached (cost_usd 3 of 3): no new attempt starts")
        .contains("wave 1 ended: 4 succeeded, 0 failed, 2 skipped; cost $4.00 of $3.00");
    assertStoppedAtTheBudget(run.json());
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void killedAfterTheStopTheResumeKeepsItAndAHigherLimitGoesOn() throws Exception {
    Path plan = sixSpenders();
    Process child = startChild(plan, OPTIONS);
    try {
      spendToTheLimit(() -> !child.isAlive());
      assertThat(child.isAlive()).as(childErr()).isTrue();
      child.destroyForcibly();
      assertThat(child.toHandle().onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    } finally {
      child.destroyForcibly();
    }
    // The one left running ends while no orchestrator runs; the resume collects it.
    finishRunning();

    CliRun resumed = cfnWave("run", "--resume", runId, "--runs-dir", runsDir().toString());

    assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(4);
    assertThat(startedAttempts()).as("nothing started on resume").isEqualTo(4);
    assertStoppedAtTheBudget(resumed.json());
    assertThat(containersOfThisRun()).isEmpty();

    CompletableFuture<CliRun> raised =
        CompletableFuture.supplyAsync(
            () ->
                cfnWave(
                    "run",
                    "--resume",
                    runId,
                    "--runs-dir",
                    runsDir().toString(),
                    "--max-cost",
                    "10"));
    for (String id : IDS) {
      exitWith(id, 0);
    }
    CliRun goneOn = raised.get(90, TimeUnit.SECONDS);
    assertThat(goneOn.exitCode()).as(goneOn.err()).isZero();
    assertThat(goneOn.json().path("metrics").path("succeeded").asInt()).isEqualTo(6);
    assertThat(goneOn.json().path("usage").path("cost_usd").decimalValue())
        .isEqualByComparingTo("6");
    assertThat(containersOfThisRun()).isEmpty();
  }

  private Path sixSpenders() {
    return plan(
        planJson(
            "spend",
            wave(1, IDS.stream().map(id -> batch(id, 1, SPENDER)).toArray(String[]::new))));
  }

  /**
   * Two start; one ends ($1) and a third starts; one more ends ($2) and a fourth starts; one more
   * ends ($3): the stop is journaled, one attempt still runs.
   */
  private void spendToTheLimit(java.util.function.BooleanSupplier gaveUp) throws Exception {
    for (int started = 2; started <= 4; started++) {
      int expected = started;
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  gaveUp.getAsBoolean()
                      || (runningContainers() == 2 && startedAttempts() == expected));
      assertThat(gaveUp.getAsBoolean()).as(childErr()).isFalse();
      exitWith(runningBatches().get(0), 0);
      await().atMost(Duration.ofSeconds(30)).until(() -> runningContainers() == 1);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> !journal("spend_budget_reached").isEmpty());
    assertThat(runningContainers()).isEqualTo(1);
  }

  private void finishRunning() throws Exception {
    for (String id : runningBatches()) {
      exitWith(id, 0);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                containersOfThisRun().stream().noneMatch(c -> c.state() == ContainerState.RUNNING));
  }

  private void assertStoppedAtTheBudget(JsonNode stdoutReport) throws Exception {
    Path folder = runFolder(runId);
    JsonSchemas.requireValidFile(JsonSchemas.RUN_REPORT, folder.resolve("report.json"));
    JsonNode report = read(folder.resolve("report.json"));
    assertThat(stdoutReport).isEqualTo(report);
    assertThat(report.path("status").asText()).isEqualTo("budget_spent");
    assertThat(report.path("metrics").path("succeeded").asInt()).isEqualTo(4);
    assertThat(report.path("metrics").path("skipped").asInt()).isEqualTo(2);
    assertThat(report.path("usage").path("cost_usd").decimalValue()).isEqualByComparingTo("4");
    List<String> reasons =
        IDS.stream()
            .map(id -> byBatch(report, id))
            .filter(b -> b.path("final_status").asText().equals("skipped"))
            .map(b -> b.path("reason").asText())
            .toList();
    assertThat(reasons).containsOnly("spend budget reached: cost_usd 3 of 3").hasSize(2);
    for (JsonNode line : journal()) {
      JsonSchemas.requireValid(JsonSchemas.JOURNAL_LINE, "journal line", line);
    }
    assertThat(settlementsPerBatch().values()).containsOnly(1L).hasSize(4);

    String junit = Files.readString(folder.resolve("junit.xml"));
    assertThat(junit).contains("budget_spent").contains("spend budget reached: cost_usd 3 of 3");
    String summary = Files.readString(folder.resolve("summary.md"));
    assertThat(summary)
        .contains(": budget_spent, 4 of 6 batches succeeded")
        .contains("The spend budget was reached");
    assertThat(Files.readString(folder.resolve("report.html")))
        .contains("budget_spent")
        .contains("cost_usd 4");
  }

  private long startedAttempts() throws Exception {
    return journal("attempt_starting").size();
  }

  private List<String> runningBatches() {
    return containersOfThisRun().stream()
        .filter(c -> c.state() == ContainerState.RUNNING)
        .map(c -> c.labels().get(CfnLabels.BATCH_ID))
        .sorted()
        .toList();
  }
}
