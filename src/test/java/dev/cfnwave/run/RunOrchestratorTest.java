package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.cleanup.LogPolicy;
import dev.cfnwave.engine.ContainerSecurity;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.spawn.SpawnSettings;
import dev.cfnwave.testing.InMemoryEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestration logic against an in-memory engine: fast, and every ordering is observable. */
class RunOrchestratorTest {

  private static final TierTable TIERS =
      TierTable.fromEnvironment(Map.of("CFN_TIER_1_MEMORY", "100m", "CFN_TIER_2_MEMORY", "200m"));

  @TempDir Path runDirectory;
  private final InMemoryEngine engine = new InMemoryEngine();

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  @Test
  void everyBatchSucceedsOnceAndNothingIsLeftBehind() {
    RunOutcome outcome = run(plan(wave(1, "a", "b", "c"), wave(2, "d", "e")), settings());

    assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(outcome.report().status()).isEqualTo("succeeded");
    assertThat(outcome.report().batches())
        .allSatisfy(b -> assertThat(b.attempts()).hasSize(1))
        .extracting(RunReport.BatchReport::finalStatus)
        .containsOnly("success");
    assertThat(engine.createdCount()).isEqualTo(5);
    assertThat(engine.liveCount()).isZero();
  }

  @Test
  void theBudgetIsNeverExceededAndIsUsedUp() {
    RunSettings.Builder settings = settings().memoryBudget(MemorySize.parse("300m"));

    run(plan(wave(1, "a", "b", "c", "d", "e", "f", "g")), settings);

    assertThat(peakConcurrentMemory()).isEqualTo(300L << 20);
  }

  @Test
  void wavesAreABarrier() {
    run(plan(wave(1, "slow:ms=300", "quick"), wave(2, "next")), settings());

    assertThat(startOf("next")).isAfter(endOf("slow"));
  }

  @Test
  void continuousSchedulingStartsTheNextWaveWhileASlowBatchRuns() {
    RunSettings.Builder settings = settings().schedule(Schedule.CONTINUOUS);

    run(plan(wave(1, "slow:ms=400", "quick"), wave(2, "next")), settings);

    assertThat(startOf("next")).isBefore(endOf("slow"));
  }

  @Test
  void batchesExpectedToRunLongestStartFirstAndTheRestKeepPlanOrder() {
    RunSettings.Builder settings =
        settings().schedule(Schedule.CONTINUOUS).memoryBudget(MemorySize.parse("100m"));
    Wave first = wave(1, "plain1", "short", "plain2");
    Wave second = wave(2, "long");
    WavePlan plan =
        plan(
            new Wave(
                1,
                List.of(
                    first.batches().get(0),
                    expecting(first.batches().get(1), 1),
                    first.batches().get(2))),
            new Wave(2, List.of(expecting(second.batches().get(0), 60))));

    run(plan, settings);

    assertThat(startOf("long")).isBefore(startOf("short"));
    assertThat(startOf("short")).isBefore(startOf("plain1"));
    assertThat(startOf("plain1")).isBefore(startOf("plain2"));
  }

  @Test
  void aCreateOrStartWhoseAnswerWasLostIsTakenOverNotDoubled() {
    engine.loseAnswerOf("create", "a");
    engine.loseAnswerOf("start", "b");

    RunOutcome outcome = run(plan(wave(1, "a", "b", "c")), settings());

    assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(engine.createdCount()).isEqualTo(3);
    assertThat(outcome.report().batches())
        .allSatisfy(b -> assertThat(b.attempts()).hasSize(1))
        .extracting(RunReport.BatchReport::finalStatus)
        .containsOnly("success");
    assertThat(engine.liveCount()).isZero();
  }

  @Test
  void aFailedWaveStopsTheRunUnlessKeepGoing() {
    WavePlan plan = plan(wave(1, "bad:exit=3", "good"), wave(2, "later"));

    RunOutcome stopped = run(plan, settings());

    assertThat(stopped.status()).isEqualTo(RunStatus.FAILED);
    assertThat(finalStatus(stopped, "later")).isEqualTo("not_started");
    assertThat(engine.timeline()).noneMatch(m -> "later".equals(m.batchId()));
  }

  @Test
  void keepGoingRunsTheRemainingWaves() {
    RunOutcome outcome =
        run(plan(wave(1, "bad:exit=3"), wave(2, "later")), settings().keepGoing(true));

    assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
    assertThat(finalStatus(outcome, "later")).isEqualTo("success");
  }

  @Test
  void retriesRerunOnlyTheFailedBatchAsNewContainers() {
    RunOutcome outcome =
        run(
            plan(wave(1, "bad:exit=3", "good")),
            settings().retries(2, Set.of(ExitStatus.FAILED), Duration.ofMillis(10)));

    RunReport.BatchReport bad = batch(outcome, "bad");
    assertThat(bad.attempts()).hasSize(3);
    assertThat(bad.attempts().get(2).containerName()).endsWith("-a3");
    assertThat(batch(outcome, "good").attempts()).hasSize(1);
    assertThat(engine.createdCount()).isEqualTo(4);
  }

  @Test
  void anOomKillIsRetriedOneTierUpWhenEscalating() {
    RunSettings.Builder settings =
        settings()
            .retries(1, Set.of(ExitStatus.OOM_KILLED), Duration.ofMillis(10))
            .escalateMemory(true);

    RunOutcome outcome = run(plan(wave(1, "hungry:oom:survive=209715200")), settings);

    RunReport.BatchReport hungry = batch(outcome, "hungry");
    assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(hungry.attempts())
        .extracting(RunReport.AttemptReport::exitStatus, RunReport.AttemptReport::memoryLimit)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("oom_killed", "100m"),
            org.assertj.core.groups.Tuple.tuple("success", "200m"));
  }

  @Test
  void aContainerPastItsBatchTimeoutIsStoppedAndTimesOut() {
    RunOutcome outcome =
        run(plan(wave(1, "stuck:ms=60000")), settings().batchTimeout(Duration.ofMillis(200)));

    assertThat(outcome.status()).isEqualTo(RunStatus.TIMEOUT);
    assertThat(finalStatus(outcome, "stuck")).isEqualTo("timeout");
    assertThat(engine.liveCount()).isZero();
  }

  @Test
  void aResumedRunFinishesOnlyWhatIsLeft() {
    WavePlan plan = plan(wave(1, "a", "b"), wave(2, "c"));
    RunOutcome first = run(plan, settings().keepGoing(true));
    assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);

    RunOutcome again = run(plan, settings().keepGoing(true));

    assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(engine.createdCount()).isEqualTo(3);
    assertThat(again.report().batches()).allSatisfy(b -> assertThat(b.attempts()).hasSize(1));
  }

  private RunOutcome run(WavePlan plan, RunSettings settings) {
    return new RunOrchestrator(engine, WaveListener.NONE, TIERS, new Cancellation())
        .run(plan, settings);
  }

  private long peakConcurrentMemory() {
    long inUse = 0;
    long peak = 0;
    for (InMemoryEngine.Moment m : engine.timeline()) {
      inUse += m.start() ? m.memoryLimit() : -m.memoryLimit();
      peak = Math.max(peak, inUse);
    }
    return peak;
  }

  private java.time.Instant startOf(String batchId) {
    return engine.timeline().stream()
        .filter(m -> m.start() && batchId.equals(m.batchId()))
        .findFirst()
        .orElseThrow()
        .at();
  }

  private java.time.Instant endOf(String batchId) {
    return engine.timeline().stream()
        .filter(m -> !m.start() && batchId.equals(m.batchId()))
        .findFirst()
        .orElseThrow()
        .at();
  }

  private static RunReport.BatchReport batch(RunOutcome outcome, String batchId) {
    return outcome.report().batches().stream()
        .filter(b -> b.batchId().equals(batchId))
        .findFirst()
        .orElseThrow();
  }

  private static String finalStatus(RunOutcome outcome, String batchId) {
    return batch(outcome, batchId).finalStatus();
  }

  /** A batch "id:behaviour" where the behaviour is the fake engine's prompt (ms=, exit=, oom). */
  private static Wave wave(int number, String... batches) {
    List<Batch> list = new ArrayList<>();
    for (String spec : batches) {
      String[] parts = spec.split(":", 2);
      String prompt = parts.length == 2 ? parts[1].replace(':', ' ') : "ms=20";
      list.add(new Batch(parts[0], 1, MemorySize.parse("100m"), List.of(), prompt));
    }
    return new Wave(number, list);
  }

  private static Batch expecting(Batch batch, int seconds) {
    return new Batch(
        batch.batchId(),
        batch.tier(),
        batch.memoryLimit(),
        batch.files(),
        batch.taskPrompt(),
        Duration.ofSeconds(seconds));
  }

  private static WavePlan plan(Wave... waves) {
    return new WavePlan("plan.json", "task", List.of(waves));
  }

  /** RunSettings with short times, changed one aspect at a time. */
  private RunSettings.Builder settings() {
    return RunSettings.builder(
            new SpawnSettings(
                "fake:latest", null, null, Map.of(), 4, "unit", false, ContainerSecurity.DEFAULT),
            runDirectory)
        .memoryBudget(MemorySize.parse("1g"))
        .waveTimeout(Duration.ofMinutes(1))
        .stopGrace(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .retries(0, Set.of(ExitStatus.FAILED, ExitStatus.OOM_KILLED), Duration.ofMillis(10))
        .logs(LogPolicy.FAILED, 1 << 20);
  }

  private RunOutcome run(WavePlan plan, RunSettings.Builder settings) {
    return run(plan, settings.build());
  }
}
