package dev.cfnwave.run;

import static dev.cfnwave.run.journal.BatchRuns.AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cfnwave.attempt.BatchContainers;
import dev.cfnwave.attempt.ExitWatcher;
import dev.cfnwave.attempt.LogPolicy;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.FailureRule;
import dev.cfnwave.report.Json;
import dev.cfnwave.run.admission.MemoryBudget;
import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.AttemptEnd;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.BatchRuns;
import dev.cfnwave.run.journal.Journal;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.run.journal.StopReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming from a journal written by the live transitions, against the engine's containers: what is
 * re-attached, launched again, requeued, left to settle and disposed of.
 */
class RunRecoveryTest {

  private static final SpawnSettings SPAWN =
      new SpawnSettings(
          "fake:latest", null, null, Map.of(), 4, "unit", false, ContainerSecurity.DEFAULT);

  @TempDir Path runDirectory;
  private final InMemoryBackend backend = new InMemoryBackend();
  private final List<JournalEntry> journal = new ArrayList<>();
  private final List<String> disposed = new ArrayList<>();
  private final MemoryBudget budget = new MemoryBudget(MemorySize.parse("1g"));

  /** The batch as the dead orchestrator saw it; its transitions write {@link #journal}. */
  private final BatchRun live = BatchRuns.pending("a", 1);

  /** The same batch in the resuming process. */
  private final BatchRun resumed = BatchRuns.pending("a", 1);

  @AfterEach
  void closeEngine() {
    backend.close();
  }

  private String startLive(String behaviour, boolean createContainer, boolean startContainer) {
    Batch shape = new Batch("a", 1, MemorySize.parse("100m"), List.of(), behaviour);
    String name = BatchContainers.containerName(1, "a", "unit", 1);
    journal.add(live.starting(new Attempt(1, shape, name), AT));
    if (!createContainer) {
      return null;
    }
    String id =
        backend.engine().create(BatchContainers.specFor("task", 1, shape, SPAWN, 1, Map.of()));
    if (startContainer) {
      backend.engine().start(id);
    }
    return id;
  }

  private List<JournalEntry> resume() {
    RunSettings settings =
        RunSettings.builder(SPAWN, runDirectory)
            .memoryBudget(MemorySize.parse("1g"))
            .waveTimeout(Duration.ofMinutes(1))
            .logs(LogPolicy.FAILED, 1 << 20)
            .build();
    Map<String, String> filter = new LinkedHashMap<>(CfnLabels.managed());
    filter.put(CfnLabels.RUN_ID, "unit");
    Path file = runDirectory.resolve(RunFolder.JOURNAL);
    try (Journal out = Journal.open(file);
        ExitWatcher exits =
            new ExitWatcher(backend, WaveListener.NONE, filter, Duration.ofSeconds(1))) {
      new RunRecovery(backend, WaveListener.NONE, settings, TierTable.defaults())
          .resume(
              journal,
              List.of(resumed),
              out,
              budget,
              exits,
              (id, name, keepLog) -> disposed.add(name + (keepLog ? " with log" : "")),
              AT);
      watched = exits.watchedCount();
    }
    return Journal.read(file);
  }

  private int watched;

  @Test
  void aRunningContainerIsReattachedWatchedAndItsMemoryReserved() {
    String id = startLive("hold", true, true);
    journal.add(live.started(id, AT, AT));

    List<JournalEntry> written = resume();

    assertThat(resumed.state()).isEqualTo(BatchRun.State.RUNNING);
    assertThat(resumed.current().handle).isEqualTo(id);
    assertThat(budget.inUse()).isEqualTo(100L << 20);
    assertThat(watched).isEqualTo(1);
    assertThat(written).isEmpty();
  }

  @Test
  void aContainerStartedBeforeItsStartWasJournaledIsReattachedAndJournaled() {
    String id = startLive("hold", true, true);

    List<JournalEntry> written = resume();

    assertThat(resumed.state()).isEqualTo(BatchRun.State.RUNNING);
    assertThat(written)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(JournalEntry.ATTEMPT_STARTED);
              assertThat(e.handle()).isEqualTo(id);
            });
  }

  @Test
  void anAttemptWhoseContainerWasNeverCreatedIsLaunchedAgainUnderItsNumber() {
    startLive("hold", false, false);

    resume();

    assertThat(resumed.state()).isEqualTo(BatchRun.State.PENDING);
    assertThat(resumed.attempts()).isEmpty();
    assertThat(budget.inUse()).isZero();
  }

  @Test
  void anAttemptWhoseContainerWasCreatedButNeverStartedIsLaunchedAgain() {
    startLive("hold", true, false);

    resume();

    assertThat(resumed.state()).isEqualTo(BatchRun.State.PENDING);
    assertThat(resumed.attempts()).isEmpty();
  }

  @Test
  void aStopOnItsWayIsKnownAfterTheResume() {
    String id = startLive("hold", true, true);
    journal.add(live.started(id, AT, AT));
    journal.add(live.stopping(StopReason.TIMEOUT, AT));

    resume();

    assertThat(resumed.state()).isEqualTo(BatchRun.State.RUNNING);
    assertThat(resumed.current().stopReason).isEqualTo(StopReason.TIMEOUT);
    assertThat(resumed.current().timedOut).isTrue();
  }

  @Test
  void whyAnAttemptStoppedForThePendingLimitWaitedIsKnownAfterTheResume() {
    String noNode = "no suitable node (insufficient resources on 2 nodes)";
    String id = startLive("hold", true, true);
    journal.add(live.started(id, null, AT));
    journal.add(live.pending(noNode, AT));
    journal.add(live.stopping(StopReason.PENDING_TIMEOUT, AT));

    resume();

    assertThat(resumed.current().stopReason).isEqualTo(StopReason.PENDING_TIMEOUT);
    assertThat(AttemptEnd.exited(resumed.current(), backend.status(id)).error())
        .isEqualTo("not started within --pending-timeout: " + noNode);
  }

  @Test
  void anInterruptedAttemptIsRequeuedAndItsContainerDisposedOfWithItsLog() {
    String id = startLive("hold", true, true);
    journal.add(live.started(id, AT, AT));
    journal.add(live.stopping(StopReason.INTERRUPTED, AT));
    backend.stop(id, Duration.ZERO);
    journal.add(live.ended(new AttemptEnd(id, 143L, ExitStatus.FAILED, null, AT, AT), AT));

    resume();

    assertThat(resumed.state()).isEqualTo(BatchRun.State.PENDING);
    assertThat(resumed.countedAttempts()).isZero();
    assertThat(disposed).containsExactly(live.current().name + " with log");
  }

  @Test
  void anEndedAttemptIsLeftForTheRunToRetryOrSettle() {
    String id = startLive("ms=1 exit=3", true, true);
    journal.add(live.started(id, AT, AT));
    await().until(() -> backend.runningCount() == 0);
    journal.add(live.ended(new AttemptEnd(id, 3L, ExitStatus.FAILED, null, AT, AT), AT));

    resume();

    assertThat(resumed.state()).isEqualTo(BatchRun.State.ENDED);
    assertThat(resumed.current().exitStatus).isEqualTo(ExitStatus.FAILED);
    assertThat(resumed.current().exitCode).isEqualTo(3L);
  }

  @Test
  void aSettledBatchStaysSettledAndItsLeftoverContainerIsRemoved() {
    String id = startLive("ms=1", true, true);
    journal.add(live.started(id, AT, AT));
    await().until(() -> backend.runningCount() == 0);
    journal.add(live.ended(new AttemptEnd(id, 0L, ExitStatus.SUCCESS, null, AT, AT), AT));
    journal.add(live.settle(AT));

    resume();

    assertThat(resumed.state()).isEqualTo(BatchRun.State.SETTLED);
    assertThat(resumed.finalStatus()).isEqualTo(ExitStatus.SUCCESS);
    assertThat(disposed).containsExactly(live.current().name);
  }

  @Test
  void theNodeAnEndedAttemptRanOnIsReplayedFromTheJournal() {
    String id = startLive("ms=1", true, true);
    journal.add(live.started(id, AT, AT));
    journal.add(
        live.ended(new AttemptEnd(id, 0L, ExitStatus.SUCCESS, null, AT, AT, "worker-2", null), AT));
    journal.add(live.settle(AT));

    resume();

    assertThat(resumed.current().node).isEqualTo("worker-2");
  }

  @Test
  void theFailureRuleAnAttemptMetAndTheSettleReasonAreReplayedFromTheJournal() throws Exception {
    String id = startLive("ms=1 exit=1", true, true);
    journal.add(live.started(id, AT, AT));
    FailureRule rule = FailureRule.failFastOnLog("quota .*");
    journal.add(
        live.ended(new AttemptEnd(id, 1L, ExitStatus.FAILED, null, AT, AT).withRule(rule), AT));
    journal.add(live.settle(AT, rule.describe()));
    // Through the journal's JSON, as a resume reads it.
    journal.replaceAll(
        line -> {
          try {
            return Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(line), JournalEntry.class);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });

    resume();

    assertThat(resumed.current().rule).isEqualTo(rule);
    assertThat(resumed.settleReason()).isEqualTo("log matched --fail-fast-on-log 'quota .*'");
  }

  @Test
  void aRetryWhoseContainerWasNeverCreatedIsLaunchedAgainInItsShape() {
    String id = startLive("ms=1", true, true);
    journal.add(live.started(id, AT, AT));
    journal.add(live.ended(new AttemptEnd(id, 137L, ExitStatus.OOM_KILLED, null, AT, AT), AT));
    Batch bigger = live.nextShape().withMemory(null, MemorySize.parse("200m"));
    live.retry(bigger, AT);
    journal.add(live.starting(new Attempt(2, bigger, "a-2"), AT));

    resume();

    assertThat(resumed.state())
        .as("the second attempt's container was never created")
        .isEqualTo(BatchRun.State.PENDING);
    assertThat(resumed.attempts()).hasSize(1);
    assertThat(resumed.nextShape().memoryLimit()).isEqualTo(MemorySize.parse("200m"));
  }

  @Test
  void aStopJournaledWithoutAStartByAnEarlierVersionIsReplayed() {
    String id = startLive("hold", true, true);
    JournalEntry starting = journal.get(0);
    journal.add(
        new JournalEntry(
            JournalEntry.ATTEMPT_STOPPING,
            AT.toString(),
            "a",
            1,
            starting.name(),
            null,
            id,
            starting.tier(),
            starting.memoryLimit(),
            null,
            null,
            "timeout",
            null,
            null,
            null,
            null,
            null,
            null));

    resume();

    assertThat(resumed.state()).isEqualTo(BatchRun.State.RUNNING);
    assertThat(resumed.current().handle).isEqualTo(id);
    assertThat(resumed.current().timedOut).isTrue();
  }

  @Test
  void entriesOfBatchesNotInThisRunAreIgnored() {
    BatchRun other = BatchRuns.pending("elsewhere", 2);
    journal.add(other.starting(new Attempt(1, other.nextShape(), "x"), AT));

    resume();

    assertThat(resumed.state()).isEqualTo(BatchRun.State.PENDING);
    assertThat(resumed.attempts()).isEmpty();
  }
}
