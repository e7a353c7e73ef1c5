package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.ToolFailureException;
import dev.cfnwave.attempt.LogPolicy;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.AttemptRejectedException;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.backend.NodeCapacity;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.backend.memory.InMemoryEngine;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.Json;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.run.admission.Schedule;
import dev.cfnwave.run.journal.Journal;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.run.journal.RunStatus;
import dev.cfnwave.testing.ManualClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestration logic against an in-memory engine: fast, and every ordering is observable. */
class RunOrchestratorTest {

  private static final TierTable TIERS =
      TierTable.fromEnvironment(Map.of("CFN_TIER_1_MEMORY", "100m", "CFN_TIER_2_MEMORY", "200m"));

  @TempDir Path runDirectory;
  private final ManualClock clock = new ManualClock();
  private final InMemoryBackend backend = new InMemoryBackend();

  /** Runs in the background; a test that fails midway stops its run through cancellation. */
  private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

  private final Cancellation cancellation = new Cancellation();

  @AfterEach
  void closeEngine() {
    cancellation.request(15);
    background.close();
    backend.close();
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
    assertThat(backend.createdCount()).isEqualTo(5);
    assertThat(backend.liveCount()).isZero();
  }

  @Test
  void theBudgetIsNeverExceededAndIsUsedUp() {
    RunSettings.Builder settings = settings().memoryBudget(MemorySize.parse("300m"));
    List<String> ids = List.of("a", "b", "c", "d", "e", "f", "g");
    WavePlan plan = plan(wave(1, ids.stream().map(id -> id + ":hold").toArray(String[]::new)));

    CompletableFuture<RunOutcome> outcome = runInBackground(plan, settings);
    for (int finished = 0; finished < ids.size(); finished++) {
      long expected = Math.min(3, ids.size() - finished);
      await().until(() -> backend.runningCount() == expected);
      String next = ids.stream().filter(id -> backend.runningCount(id) > 0).findFirst().get();
      backend.finish(next, 0);
    }

    assertThat(finished(outcome).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(peakConcurrentMemory()).isEqualTo(300L << 20);
  }

  @Test
  void twoRunsSharingAnEngineNeverHoldMoreThanItsBudgetTogether(@TempDir Path otherDirectory) {
    MemorySize engine = MemorySize.parse("300m");
    RunSettings.Builder first = settings().engineBudget(engine);
    RunSettings.Builder second =
        RunSettings.builder(
                new SpawnSettings(
                    "fake:latest",
                    null,
                    null,
                    Map.of(),
                    4,
                    "unit2",
                    false,
                    ContainerSecurity.DEFAULT),
                otherDirectory)
            .memoryBudget(MemorySize.parse("1g"))
            .engineBudget(engine)
            .waveTimeout(Duration.ofMinutes(1))
            .stopGrace(Duration.ZERO)
            .pollInterval(Duration.ofMillis(50))
            .logs(LogPolicy.FAILED, 1 << 20);
    List<String> ids = List.of("a1", "a2", "a3", "b1", "b2", "b3");

    CompletableFuture<RunOutcome> a =
        runInBackground(plan(wave(1, "a1:hold", "a2:hold", "a3:hold")), first);
    CompletableFuture<RunOutcome> b =
        runInBackground(plan(wave(1, "b1:hold", "b2:hold", "b3:hold")), second);
    for (int finished = 0; finished < ids.size(); finished++) {
      long expected = Math.min(3, ids.size() - finished);
      await().until(() -> backend.runningCount() >= expected);
      String next = ids.stream().filter(id -> backend.runningCount(id) > 0).findFirst().get();
      backend.finish(next, 0);
    }

    assertThat(finished(a).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(finished(b).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(peakConcurrentMemory()).isEqualTo(300L << 20);
    assertThat(
            List.of(
                finished(a).report().peakMemoryHeldByOthers(),
                finished(b).report().peakMemoryHeldByOthers()))
        .as("what each run saw the other hold")
        .anyMatch(held -> !held.equals("0"));
  }

  @Test
  void aReportThatCannotBeWrittenIsSaidAndTheRunsResultStands() throws Exception {
    Files.createDirectories(runDirectory.resolve("report.json").resolve("in-the-way"));
    List<String> warnings = new ArrayList<>();
    WaveListener listener =
        new WaveListener() {
          @Override
          public void on(dev.cfnwave.event.WaveEvent event) {}

          @Override
          public void warn(String message) {
            warnings.add(message);
          }
        };

    RunOutcome outcome =
        new RunOrchestrator(backend, listener, TIERS, new Cancellation())
            .run(plan(wave(1, "a")), settings().build());

    assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(warnings).anyMatch(w -> w.contains("report.json") && w.contains("result stands"));
  }

  @Test
  void onNodesNoMoreBatchesRunThanFitOneToANodeThoughTheBudgetHoldsMore() {
    long node = MemorySize.parse("150m").bytes();
    RunSettings.Builder settings =
        settings()
            .memoryBudget(MemorySize.parse("1g"))
            .nodes(
                List.of(
                    new NodeCapacity("n1", node),
                    new NodeCapacity("n2", node),
                    new NodeCapacity("n3", node)));
    List<String> ids = List.of("a", "b", "c", "d", "e");
    WavePlan plan = plan(wave(1, ids.stream().map(id -> id + ":hold").toArray(String[]::new)));

    CompletableFuture<RunOutcome> outcome = runInBackground(plan, settings);
    for (int finished = 0; finished < ids.size(); finished++) {
      long expected = Math.min(3, ids.size() - finished);
      await().until(() -> backend.runningCount() == expected);
      String next = ids.stream().filter(id -> backend.runningCount(id) > 0).findFirst().get();
      backend.finish(next, 0);
    }

    assertThat(finished(outcome).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(peakConcurrentMemory()).isEqualTo(300L << 20);
  }

  @Test
  void wavesAreABarrier() {
    CompletableFuture<RunOutcome> outcome =
        runInBackground(plan(wave(1, "slow:hold", "quick"), wave(2, "next")), settings());
    await().until(() -> settledInJournal("quick") && backend.runningCount("slow") == 1);
    assertThat(backend.timeline()).noneMatch(m -> "next".equals(m.batchId()));

    backend.finish("slow", 0);

    assertThat(finished(outcome).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(startOf("next")).isGreaterThan(endOf("slow"));
  }

  @Test
  void continuousSchedulingStartsTheNextWaveWhileASlowBatchRuns() {
    RunSettings.Builder settings = settings().schedule(Schedule.CONTINUOUS);

    CompletableFuture<RunOutcome> outcome =
        runInBackground(plan(wave(1, "slow:hold", "quick"), wave(2, "next")), settings);
    await().until(() -> settledInJournal("next"));
    backend.finish("slow", 0);

    assertThat(finished(outcome).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(startOf("next")).isLessThan(endOf("slow"));
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

    assertThat(startOf("long")).isLessThan(startOf("short"));
    assertThat(startOf("short")).isLessThan(startOf("plain1"));
    assertThat(startOf("plain1")).isLessThan(startOf("plain2"));
  }

  @Test
  void aCreateOrStartWhoseAnswerWasLostIsTakenOverNotDoubled() {
    backend.loseAnswerOf("create", "a");
    backend.loseAnswerOf("start", "b");

    RunOutcome outcome = run(plan(wave(1, "a", "b", "c")), settings());

    assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(backend.createdCount()).isEqualTo(3);
    assertThat(outcome.report().batches())
        .allSatisfy(b -> assertThat(b.attempts()).hasSize(1))
        .extracting(RunReport.BatchReport::finalStatus)
        .containsOnly("success");
    assertThat(backend.liveCount()).isZero();
  }

  @Test
  void aFailedWaveStopsTheRunUnlessKeepGoing() {
    WavePlan plan = plan(wave(1, "bad:exit=3", "good"), wave(2, "later"));

    RunOutcome stopped = run(plan, settings());

    assertThat(stopped.status()).isEqualTo(RunStatus.FAILED);
    assertThat(finalStatus(stopped, "later")).isEqualTo("not_started");
    assertThat(backend.timeline()).noneMatch(m -> "later".equals(m.batchId()));
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
    assertThat(backend.createdCount()).isEqualTo(4);
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
    CompletableFuture<RunOutcome> outcome =
        runInBackground(
            plan(wave(1, "stuck:hold")), settings().batchTimeout(Duration.ofMillis(200)), clock);
    await().until(() -> inJournal(JournalEntry.ATTEMPT_STARTED, "stuck"));
    clock.advance(Duration.ofMillis(199));
    assertThat(outcome).isNotDone();

    clock.advance(Duration.ofMillis(1));

    assertThat(finished(outcome).status()).isEqualTo(RunStatus.TIMEOUT);
    assertThat(finalStatus(finished(outcome), "stuck")).isEqualTo("timeout");
    assertThat(backend.liveCount()).isZero();
  }

  @Test
  void aResumedRunFinishesOnlyWhatIsLeft() {
    WavePlan plan = plan(wave(1, "a", "b"), wave(2, "c"));
    RunOutcome first = run(plan, settings().keepGoing(true));
    assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);

    RunOutcome again = run(plan, settings().keepGoing(true));

    assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(backend.createdCount()).isEqualTo(3);
    assertThat(again.report().batches()).allSatisfy(b -> assertThat(b.attempts()).hasSize(1));
  }

  @Test
  void anEngineWedgedAtLaunchStopsTheRunWithoutSettlingOrEndingAnyAttempt() {
    ToolFailureException wedged = new ToolFailureException("the engine stopped answering");
    backend.engine().wedge(wedged);

    assertThatThrownBy(() -> run(plan(wave(1, "a", "b"), wave(2, "c")), settings()))
        .isSameAs(wedged);

    assertThat(inJournal(JournalEntry.ATTEMPT_STARTING, "a")).isTrue();
    assertThat(Journal.read(runDirectory.resolve(RunFolder.JOURNAL)))
        .extracting(JournalEntry::type)
        .doesNotContain(
            JournalEntry.ATTEMPT_ENDED, JournalEntry.BATCH_SETTLED, JournalEntry.RUN_FINISHED);
  }

  /** The Docker backend rejects at launch what the engine cannot run (no such image). */
  @Test
  void anAttemptRejectedAtLaunchSettlesRejectedAndIsNotRetried() {
    String error = "the engine has no image agent:1: No such image: agent:1";
    Backend rejecting =
        (Backend)
            Proxy.newProxyInstance(
                Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class},
                (proxy, method, args) -> {
                  if ((method.getName().equals("launch") || method.getName().equals("prepare"))
                      && "bad".equals(((AttemptSpec) args[0]).labels().get(CfnLabels.BATCH_ID))) {
                    throw new AttemptRejectedException(error, null);
                  }
                  try {
                    return method.invoke(backend, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    RunSettings settings =
        settings()
            .retries(2, Set.of(ExitStatus.FAILED, ExitStatus.OOM_KILLED), Duration.ZERO)
            .build();

    RunOutcome outcome =
        new RunOrchestrator(rejecting, WaveListener.NONE, TIERS, new Cancellation())
            .run(plan(wave(1, "bad", "good")), settings);

    RunReport.BatchReport bad = batch(outcome, "bad");
    assertThat(bad.finalStatus()).isEqualTo("rejected");
    assertThat(bad.attempts()).singleElement();
    assertThat(bad.attempts().get(0).exitStatus()).isEqualTo("rejected");
    assertThat(bad.attempts().get(0).error()).isEqualTo(error);
    assertThat(finalStatus(outcome, "good")).isEqualTo("success");
    assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void aToolFailureStillWritesTheReportSayingTheRunStoppedOnIt() throws Exception {
    CompletableFuture<RunOutcome> outcome =
        runInBackground(plan(wave(1, "a:hold", "b"), wave(2, "c")), settings());
    await().until(() -> settledInJournal("b") && backend.runningCount("a") == 1);
    backend.engine().wedge(new ToolFailureException("the engine stopped answering"));
    backend.finish("a", 0);

    await().until(outcome::isDone);
    assertThat(outcome).isCompletedExceptionally();
    JsonNode report = Json.MAPPER.readTree(runDirectory.resolve("report.json").toFile());
    assertThat(report.get("status").asText()).isEqualTo(RunStatus.TOOL_FAILURE.wireName());
    Map<String, String> finalStatuses = new java.util.HashMap<>();
    report
        .get("batches")
        .forEach(
            b -> finalStatuses.put(b.get("batch_id").asText(), b.get("final_status").asText()));
    assertThat(finalStatuses)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("a", "interrupted", "b", "success", "c", "not_started"));
    assertThat(runDirectory.resolve("wave-1-results.json")).isRegularFile();
  }

  @Test
  void anEngineWedgedWhileAttemptsRunStopsTheRunWithoutSettlingOrEndingAnyAttempt() {
    CompletableFuture<RunOutcome> outcome =
        runInBackground(plan(wave(1, "a:hold", "b:hold"), wave(2, "c")), settings());
    await().until(() -> backend.runningCount() == 2);
    ToolFailureException wedged = new ToolFailureException("the engine stopped answering");
    backend.engine().wedge(wedged);
    backend.finish("a", 0);
    backend.finish("b", 0);

    await().until(outcome::isDone);
    assertThat(outcome).isCompletedExceptionally();
    assertThatThrownBy(outcome::join).hasCause(wedged);
    assertThat(Journal.read(runDirectory.resolve(RunFolder.JOURNAL)))
        .extracting(JournalEntry::type)
        .doesNotContain(
            JournalEntry.ATTEMPT_ENDED, JournalEntry.BATCH_SETTLED, JournalEntry.RUN_FINISHED);
    assertThat(inJournal(JournalEntry.ATTEMPT_STARTING, "c")).as("c never launched").isFalse();
  }

  private RunOutcome run(WavePlan plan, RunSettings settings) {
    return new RunOrchestrator(backend, WaveListener.NONE, TIERS, new Cancellation())
        .run(plan, settings);
  }

  private long peakConcurrentMemory() {
    long inUse = 0;
    long peak = 0;
    for (InMemoryEngine.Moment m : backend.timeline()) {
      inUse += m.start() ? m.memoryLimit() : -m.memoryLimit();
      peak = Math.max(peak, inUse);
    }
    return peak;
  }

  /** The position in the engine's timeline of the batch's first start. */
  private int startOf(String batchId) {
    return indexOf(batchId, true);
  }

  private int endOf(String batchId) {
    return indexOf(batchId, false);
  }

  private int indexOf(String batchId, boolean start) {
    List<InMemoryEngine.Moment> timeline = backend.timeline();
    for (int i = 0; i < timeline.size(); i++) {
      if (timeline.get(i).start() == start && batchId.equals(timeline.get(i).batchId())) {
        return i;
      }
    }
    throw new AssertionError(batchId + " has no " + (start ? "start" : "end"));
  }

  private boolean settledInJournal(String batchId) {
    return inJournal(JournalEntry.BATCH_SETTLED, batchId);
  }

  /** The run has journaled this step of the batch (it journals each before going on). */
  private boolean inJournal(String type, String batchId) {
    Path journal = runDirectory.resolve(RunFolder.JOURNAL);
    return Files.exists(journal)
        && Journal.read(journal).stream()
            .anyMatch(e -> e.type().equals(type) && batchId.equals(e.batchId()));
  }

  private CompletableFuture<RunOutcome> runInBackground(
      WavePlan plan, RunSettings.Builder settings) {
    return runInBackground(plan, settings, InstantSource.system());
  }

  private CompletableFuture<RunOutcome> runInBackground(
      WavePlan plan, RunSettings.Builder settings, InstantSource time) {
    RunSettings built = settings.build();
    return CompletableFuture.supplyAsync(
        () ->
            new RunOrchestrator(backend, WaveListener.NONE, TIERS, cancellation, time)
                .run(plan, built),
        background);
  }

  /** The outcome of a background run, once it has finished. */
  private static RunOutcome finished(CompletableFuture<RunOutcome> outcome) {
    await().until(outcome::isDone);
    return outcome.join();
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
