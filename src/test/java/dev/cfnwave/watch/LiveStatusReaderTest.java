package dev.cfnwave.watch;

import static dev.cfnwave.watch.RunFolders.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EngineUnavailableException;
import dev.cfnwave.backend.memory.DelegatingBackend;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.report.Json;
import dev.cfnwave.run.journal.RunHistoryReader;
import dev.cfnwave.testing.JsonSchemas;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveStatusReaderTest {

  @TempDir Path temp;

  /** 30 s after the run started: b has run for 20 s of its expected 100. */
  private static final java.time.Instant NOW = T0.plusSeconds(30);

  private static final Supplier<Backend> NO_ENGINE =
      () -> {
        throw new EngineUnavailableException("no engine at unix:///nowhere", null);
      };

  /** Reads the status, and requires the document status prints to match its schema. */
  private static LiveStatus read(
      Path folder,
      RunHistoryReader.WaveSelector selector,
      Supplier<Backend> engine,
      java.time.Instant now) {
    LiveStatus status = LiveStatusReader.read(folder, selector, engine, now);
    JsonSchemas.requireValid(
        JsonSchemas.RUN_STATUS, "a status", JsonSchemas.parse(Json.write(status)));
    return status;
  }

  private Path runningMidway() throws Exception {
    Path folder = RunFolders.create(temp, "r", RunFolders.midway());
    RunFolders.orchestratedByThisProcess(folder);
    return folder;
  }

  @Test
  void showsWhatRunsWaitsAndEndedFromTheJournal() throws Exception {
    LiveStatus status = read(runningMidway(), (s, p) -> null, NO_ENGINE, NOW);

    assertThat(status.state()).isEqualTo("running");
    assertThat(status.elapsedSeconds()).isEqualTo(30);
    assertThat(status.batches()).isEqualTo(new LiveStatus.Counts(4, 1, 2, 1));
    LiveStatus.Running b = status.running().get(0);
    assertThat(b.batchId()).isEqualTo("b");
    assertThat(b.handle()).isEqualTo("hb");
    assertThat(b.phase()).isEqualTo("running");
    assertThat(b.since()).isEqualTo(T0.plusSeconds(10).toString());
    assertThat(b.runningSeconds()).isEqualTo(20);
    assertThat(b.expectedSeconds()).isEqualTo(100);
    assertThat(b.engineState()).as("not asked").isNull();
    assertThat(status.waiting())
        .containsExactly(
            new LiveStatus.Waiting("c", 1, 2, "failed"), new LiveStatus.Waiting("d", 2, 1, null));
    assertThat(status.ended()).isEqualTo(Map.of("success", List.of("a")));
    assertThat(status.retries()).isZero();
    assertThat(status.memory().reservedBytes()).isEqualTo(512L << 20);
    assertThat(status.memory().budgetBytes()).isEqualTo(2L << 30);
  }

  @Test
  void withoutAnEngineItSaysTheStatusIsTheJournalsAlone() throws Exception {
    LiveStatus status = read(runningMidway(), (s, p) -> null, NO_ENGINE, NOW);

    assertThat(status.engine().consulted()).isFalse();
    assertThat(status.engine().note())
        .isEqualTo("from the journal alone: no engine answered (no engine at unix:///nowhere)");
  }

  @Test
  void theEngineSaysWhatItSeesOfTheRunningAttempts() throws Exception {
    Backend engine = engineSaying(Map.of("hb", "exited"));

    LiveStatus status = read(runningMidway(), (s, p) -> null, () -> engine, NOW);

    assertThat(status.engine().consulted()).isTrue();
    assertThat(status.engine().backend()).isEqualTo("docker");
    assertThat(status.running().get(0).engineState())
        .as("ended, and the run has not journaled it yet")
        .isEqualTo("exited");
    assertThat(
            read(runningMidway(), (s, p) -> null, () -> engineSaying(Map.of()), NOW)
                .running()
                .get(0)
                .engineState())
        .isEqualTo("gone");
  }

  @Test
  void theEtaSharesTheWorkLeftAmongTheAttemptsRunning() throws Exception {
    LiveStatus.Eta eta = read(runningMidway(), (s, p) -> null, NO_ENGINE, NOW).eta();

    // b has 80 s left, c needs 30 and d 40: 150 s over one running attempt.
    assertThat(eta.seconds()).isEqualTo(150);
    assertThat(eta.finishesAt()).isEqualTo(NOW.plusSeconds(150).toString());
    assertThat(eta.withoutEstimate()).isZero();
    assertThat(eta.method()).startsWith(RunEta.METHOD).contains("3 from the plan, 1 unknown");
  }

  @Test
  void aFinishedRunHasNoEtaAndNothingRunning() throws Exception {
    Path folder =
        RunFolders.create(
            temp,
            "r",
            List.of(
                RunFolders.started(0),
                RunFolders.line("attempt_starting", 1, "a", 1, null, null),
                RunFolders.line("attempt_started", 2, "a", 1, "ha", null),
                RunFolders.line("attempt_ended", 3, "a", 1, "ha", "failed"),
                RunFolders.line("attempt_starting", 4, "a", 2, null, null),
                RunFolders.line("attempt_started", 5, "a", 2, "ha2", null),
                RunFolders.line("attempt_ended", 6, "a", 2, "ha2", "success"),
                RunFolders.settled(6, "a", "success"),
                RunFolders.finished(7)));

    LiveStatus status = read(folder, (s, p) -> null, NO_ENGINE, NOW);

    assertThat(status.state()).isEqualTo("finished");
    assertThat(status.running()).isEmpty();
    assertThat(status.retries()).isEqualTo(1);
    assertThat(status.ended())
        .isEqualTo(Map.of("success", List.of("a"), "not_started", List.of("b", "c", "d")));
    assertThat(status.eta().seconds()).isNull();
    assertThat(status.engine().note()).isEqualTo("from the journal alone: every attempt ended");
  }

  @Test
  void aCrashedRunsUnendedAttemptsAreCheckedWithTheEngine() throws Exception {
    Path folder = RunFolders.create(temp, "r", RunFolders.midway());
    RunFolders.orchestratedByAGoneProcess(folder);

    LiveStatus status =
        read(folder, (s, p) -> null, () -> engineSaying(Map.of("hb", "running")), NOW);

    assertThat(status.state()).isEqualTo("crashed");
    assertThat(status.running())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.phase()).isEqualTo("not_ended");
              assertThat(r.engineState()).as("left running").isEqualTo("running");
            });
    assertThat(status.batches().running()).isZero();
    assertThat(status.memory().reservedBytes()).isZero();
  }

  /** A backend whose listing knows these handles in these states. */
  private static Backend engineSaying(Map<String, String> states) {
    return new DelegatingBackend(new InMemoryBackend()) {
      @Override
      public List<AttemptStatus> list(Collection<String> handles) {
        return handles.stream()
            .filter(states::containsKey)
            .map(
                h ->
                    new AttemptStatus(
                        h,
                        "cfn-wave1-b-r1",
                        AttemptPhase.RUNNING,
                        states.get(h),
                        null,
                        false,
                        null,
                        null,
                        null,
                        Map.of(),
                        0,
                        null))
            .toList();
      }
    };
  }
}
