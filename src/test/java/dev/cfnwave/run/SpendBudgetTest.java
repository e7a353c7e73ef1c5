package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.AttemptOutput;
import dev.cfnwave.report.Json;
import dev.cfnwave.report.ResultFile;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.run.admission.Schedule;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.BatchRuns;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunStatus;
import dev.cfnwave.testing.ManualClock;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spend budget: its sums and limits, and through the run loop on the in-memory engine. */
class SpendBudgetTest {

  private static final TierTable TIERS =
      TierTable.fromEnvironment(Map.of("CFN_TIER_1_MEMORY", "100m"));

  /** Each attempt's result file reports 0.5 cost_usd (the in-memory engine's "result="). */
  private static final SpendLimits ONE_DOLLAR = limits("cost_usd", "1");

  @TempDir Path runDirectory;
  private final ManualClock clock = new ManualClock();
  private final InMemoryBackend backend = new InMemoryBackend();
  private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
  private final Cancellation cancellation = new Cancellation();

  @AfterEach
  void close() {
    cancellation.request(15);
    background.close();
    backend.close();
  }

  @Test
  void totalsAddUpEveryEndedAttemptsUsage() {
    BatchRun a = withUsage("a", Map.of("cost_usd", "0.25", "output_tokens", "100"));
    BatchRun b = withUsage("b", Map.of("cost_usd", "0.5"));

    Map<String, BigDecimal> totals = SpendBudget.totals(List.of(a, b, BatchRuns.pending("c", 1)));

    assertThat(totals.get("cost_usd")).isEqualByComparingTo("0.75");
    assertThat(totals.get("output_tokens")).isEqualByComparingTo("100");
  }

  @Test
  void aLimitIsReachedAtItsValueNotBelow() {
    Map<String, BigDecimal> totals = Map.of("cost_usd", new BigDecimal("2.99"));

    assertThat(SpendBudget.reached(limits("cost_usd", "3"), totals)).isEmpty();
    assertThat(SpendBudget.reached(limits("cost_usd", "2.99"), totals).orElseThrow().describe())
        .isEqualTo("cost_usd 2.99 of 2.99");
    assertThat(SpendBudget.reached(limits("output_tokens", "0"), totals).orElseThrow().describe())
        .isEqualTo("output_tokens 0 of 0");
    assertThat(SpendBudget.reached(SpendLimits.NONE, totals)).isEmpty();
  }

  @Test
  void aLimitGivenOnResumeReplacesOnlyItsKey() {
    SpendLimits run = new SpendLimits(Map.of("cost_usd", BigDecimal.ONE));
    SpendLimits both =
        run.overriddenBy(new SpendLimits(Map.of("output_tokens", BigDecimal.TEN)))
            .overriddenBy(new SpendLimits(Map.of("cost_usd", BigDecimal.TWO)));

    assertThat(both.limits())
        .containsEntry("cost_usd", BigDecimal.TWO)
        .containsEntry("output_tokens", BigDecimal.TEN);
  }

  @Test
  void onceTheTotalReachesTheLimitNothingStartsAndRunningOnesFinish() throws Exception {
    RunOutcome done = runToTheBudget();

    assertThat(done.status()).isEqualTo(RunStatus.BUDGET_SPENT);
    assertThat(backend.createdCount()).isEqualTo(3);
    assertThat(done.report().metrics().succeeded()).isEqualTo(3);
    assertThat(done.report().metrics().skipped()).isEqualTo(3);
    assertThat(done.report().usage().get("cost_usd")).isEqualByComparingTo("1.5");
    assertThat(skipReasons(done.report())).containsOnly("spend budget reached: cost_usd 1 of 1");
    assertThat(journalTypes().stream().filter(SPEND_LINE::equals)).hasSize(1);
  }

  @Test
  void aResumeWhoseJournalReachesTheLimitStartsNothing() throws Exception {
    runToTheBudget();

    RunOutcome resumed = finished(runInBackground(six(), ONE_DOLLAR));

    assertThat(resumed.status()).isEqualTo(RunStatus.BUDGET_SPENT);
    assertThat(backend.createdCount()).isEqualTo(3);
    assertThat(resumed.report().metrics().skipped()).isEqualTo(3);
    assertThat(resumed.report().usage().get("cost_usd")).isEqualByComparingTo("1.5");
  }

  @Test
  void aResumeWithAHigherLimitGoesOn() throws Exception {
    runToTheBudget();

    CompletableFuture<RunOutcome> outcome = runInBackground(six(), limits("cost_usd", "10"));
    for (int i = 0; i < 3; i++) {
      await().until(() -> backend.runningCount() >= 1);
      finishOneRunning();
    }

    RunOutcome resumed = finished(outcome);
    assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(resumed.report().metrics().succeeded()).isEqualTo(6);
    assertThat(resumed.report().usage().get("cost_usd")).isEqualByComparingTo("3");
  }

  @Test
  void aBatchWaitingToRetrySettlesWithItsLastOutcome() {
    WavePlan plan =
        PoolLimitTest.plan(Map.of(), new Wave(1, List.of(batch("spender", "result=x exit=1"))));

    RunOutcome done =
        new RunOrchestrator(backend, WaveListener.NONE, TIERS, cancellation, clock)
            .run(
                plan,
                settings(limits("cost_usd", "0.5"))
                    .retries(
                        3,
                        java.util.Set.of(dev.cfnwave.report.ExitStatus.FAILED),
                        java.time.Duration.ZERO)
                    .build());

    assertThat(done.status()).isEqualTo(RunStatus.BUDGET_SPENT);
    assertThat(backend.createdCount()).isEqualTo(1);
    assertThat(done.report().batches().get(0).finalStatus()).isEqualTo("failed");
  }

  private static final String SPEND_LINE = JournalEntry.SPEND_BUDGET_REACHED;

  /** Two run, one ends and a third starts, one more ends (1.0 reported): nothing else starts. */
  private RunOutcome runToTheBudget() {
    CompletableFuture<RunOutcome> outcome = runInBackground(six(), ONE_DOLLAR);
    await().until(() -> backend.runningCount() == 2);
    finishOneRunning();
    await().until(() -> backend.runningCount() == 2 && backend.createdCount() == 3);
    finishOneRunning();
    await().until(() -> backend.runningCount() == 1 && journalTypes().contains(SPEND_LINE));
    finishOneRunning();
    RunOutcome done = finished(outcome);
    assertThat(done.status()).isEqualTo(RunStatus.BUDGET_SPENT);
    return done;
  }

  private void finishOneRunning() {
    String batchId =
        six().stream()
            .map(Batch::batchId)
            .filter(id -> backend.runningCount(id) > 0)
            .findFirst()
            .orElseThrow();
    backend.finish(batchId, 0);
    await().until(() -> backend.runningCount(batchId) == 0);
  }

  private static List<Batch> six() {
    return IntStream.rangeClosed(1, 6).mapToObj(i -> batch("b" + i, "result=x hold")).toList();
  }

  private static Batch batch(String id, String prompt) {
    return new Batch(id, 1, MemorySize.parse("100m"), List.of(), prompt);
  }

  private RunSettings.Builder settings(SpendLimits spend) {
    return PoolLimitTest.settings(runDirectory, "spend")
        .memoryBudget(MemorySize.parse("200m"))
        .schedule(Schedule.CONTINUOUS)
        .keepGoing(true)
        .outputs(new OutputSettings(true, "/cfn/out", MemorySize.parse("1m"), false))
        .spend(spend);
  }

  private CompletableFuture<RunOutcome> runInBackground(List<Batch> batches, SpendLimits spend) {
    RunSettings built = settings(spend).build();
    WavePlan plan = PoolLimitTest.plan(Map.of(), new Wave(1, batches));
    return CompletableFuture.supplyAsync(
        () ->
            new RunOrchestrator(backend, WaveListener.NONE, TIERS, cancellation, clock)
                .run(plan, built),
        background);
  }

  private static RunOutcome finished(CompletableFuture<RunOutcome> outcome) {
    await().until(outcome::isDone);
    return outcome.join();
  }

  private static List<String> skipReasons(RunReport report) {
    return report.batches().stream()
        .filter(b -> b.finalStatus().equals("skipped"))
        .map(RunReport.BatchReport::reason)
        .toList();
  }

  private List<String> journalTypes() throws Exception {
    List<String> types = new ArrayList<>();
    for (String line : Files.readAllLines(runDirectory.resolve("journal.jsonl"))) {
      JsonNode node = Json.MAPPER.readTree(line);
      types.add(node.path("type").asText());
    }
    return types;
  }

  private static SpendLimits limits(String key, String value) {
    return new SpendLimits(Map.of(key, new BigDecimal(value)));
  }

  private static BatchRun withUsage(String id, Map<String, String> usage) {
    BatchRun b = BatchRuns.running(id, 1);
    Map<String, BigDecimal> numbers = new java.util.LinkedHashMap<>();
    usage.forEach((key, value) -> numbers.put(key, new BigDecimal(value)));
    b.ended(
        new dev.cfnwave.run.journal.AttemptEnd(
                "id-" + id,
                0L,
                dev.cfnwave.report.ExitStatus.SUCCESS,
                null,
                BatchRuns.AT,
                BatchRuns.AT)
            .withOutput(
                new AttemptOutput(
                    "out/" + id + "/1",
                    0,
                    1,
                    new ResultFile(null, null, null, numbers, null),
                    null)),
        BatchRuns.AT);
    return b;
  }
}
