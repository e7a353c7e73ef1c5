package dev.cfnwave.run.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.attempt.LogPolicy;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.Cancellation;
import dev.cfnwave.run.RunOrchestrator;
import dev.cfnwave.run.RunSettings;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.sizing.RecordedRun;
import dev.cfnwave.sizing.RunRecords;
import dev.cfnwave.sizing.WhatIf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The what-if replay: the run's admission code on a virtual clock. */
class AdmissionReplayTest {

  private static final MemorySize M100 = MemorySize.parse("100m");
  private static final MemorySize M200 = MemorySize.parse("200m");

  @Test
  void theWaveBarrierHoldsTheNextWaveUntilTheLongestBatchEnds() {
    List<Wave> waves =
        List.of(
            new Wave(1, List.of(batch("a", M100), batch("b", M100), batch("c", M100))),
            new Wave(2, List.of(batch("d", M100))));
    Map<String, Duration> durations = Map.of("a", s(3), "b", s(1), "c", s(1), "d", s(2));

    // a and b at 0, c when b ends at 1, d only after a ends at 3: 5 s.
    assertThat(AdmissionReplay.makespan(waves, durations, M200, Schedule.WAVES, Duration.ZERO))
        .isEqualTo(s(5));
    // continuous: d takes c's place at 2 and ends at 4, a ends at 3: 4 s.
    assertThat(AdmissionReplay.makespan(waves, durations, M200, Schedule.CONTINUOUS, Duration.ZERO))
        .isEqualTo(s(4));
  }

  @Test
  void theReplayStartsNoMoreOfAPoolsBatchesAtOnceThanItsLimit() {
    List<Batch> pooled = new java.util.ArrayList<>();
    for (String id : List.of("a", "b", "c", "d")) {
      pooled.add(new Batch(id, 1, M100, List.of(), "", null, null, List.of(), List.of("api")));
    }
    pooled.add(batch("free", M100));
    List<Wave> waves = List.of(new Wave(1, pooled));
    Map<String, Duration> durations =
        Map.of("a", s(2), "b", s(2), "c", s(2), "d", s(2), "free", s(2));
    MemorySize room = MemorySize.parse("1g");

    // Memory holds all five at once: 2 s without the pool.
    assertThat(AdmissionReplay.makespan(waves, durations, room, Schedule.CONTINUOUS, Duration.ZERO))
        .isEqualTo(s(2));
    // api 2: two of its four at a time, the free one beside them: 4 s.
    assertThat(
            AdmissionReplay.makespan(
                waves, durations, room, Schedule.CONTINUOUS, Duration.ZERO, Map.of("api", 2)))
        .isEqualTo(s(4));
  }

  @Test
  void theReplayStartsABatchOnlyAfterItsDependenciesEnded() {
    Batch a = batch("a", M100);
    Batch b = new Batch("b", 1, M100, List.of(), "", null, null, List.of("a"));
    List<Wave> waves = List.of(new Wave(1, List.of(b, a)));
    Map<String, Duration> durations = Map.of("a", s(2), "b", s(1));

    // Both fit at once, but b waits for a: 2 + 1 s under either schedule.
    for (Schedule schedule : Schedule.values()) {
      assertThat(AdmissionReplay.makespan(waves, durations, M200, schedule, Duration.ZERO))
          .as(schedule.name())
          .isEqualTo(s(3));
    }
    // A dependency left out of the replay (no recorded duration) does not hold b back.
    assertThat(
            AdmissionReplay.makespan(waves, Map.of("b", s(1)), M200, Schedule.WAVES, Duration.ZERO))
        .isEqualTo(s(1));
  }

  @Test
  void aBatchThatDoesNotFitHoldsUpTheOnesBehindItWithoutBackfilling() {
    // As RunSteps.admit with --backfill-limit 0: b does not fit beside a, so c (which would)
    // waits behind it; both start at 2, c ends at 5.
    assertThat(
            AdmissionReplay.makespan(
                heldWave(), heldDurations(), MemorySize.parse("300m"), Schedule.WAVES, s(0)))
        .isEqualTo(s(5));
  }

  @Test
  void withBackfillingASmallerBatchPassesTheHeldOne() {
    // c passes b at 0 and ends at 3; b fits beside c once a ends at 2, and ends at 3.
    assertThat(
            AdmissionReplay.makespan(
                heldWave(), heldDurations(), MemorySize.parse("300m"), Schedule.WAVES, s(60)))
        .isEqualTo(s(3));
  }

  private static List<Wave> heldWave() {
    return List.of(new Wave(1, List.of(batch("a", M200), batch("b", M200), batch("c", M100))));
  }

  private static Map<String, Duration> heldDurations() {
    return Map.of("a", s(2), "b", s(1), "c", s(3));
  }

  @Test
  void smallerLimitsLetMoreRunAtOnce() {
    List<Wave> big = List.of(new Wave(1, List.of(batch("a", M200), batch("b", M200))));
    List<Wave> small = List.of(new Wave(1, List.of(batch("a", M100), batch("b", M100))));
    Map<String, Duration> durations = Map.of("a", s(2), "b", s(2));

    assertThat(AdmissionReplay.makespan(big, durations, M200, Schedule.WAVES, Duration.ZERO))
        .isEqualTo(s(4));
    assertThat(AdmissionReplay.makespan(small, durations, M200, Schedule.WAVES, Duration.ZERO))
        .isEqualTo(s(2));
  }

  @Test
  void aBatchLargerThanTheBudgetIsRefused() {
    List<Wave> waves = List.of(new Wave(1, List.of(batch("a", M200))));

    assertThatThrownBy(
            () ->
                AdmissionReplay.makespan(
                    waves, Map.of("a", s(1)), M100, Schedule.WAVES, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a: 200m exceeds the budget");
  }

  /**
   * A run recorded by the real orchestrator (over the in-memory backend), replayed under its own
   * tiers, predicts its own makespan: the replay holds each batch's memory as long as the run did
   * (attempt_starting to attempt_ended), and the run may take up to a poll interval more per
   * admission round on its critical path to start the next batch.
   */
  @Test
  void aRecordedRunReplayedUnderItsOwnTiersPredictsItsOwnMakespan(@TempDir Path folder)
      throws Exception {
    Duration poll = Duration.ofMillis(300);
    List<Batch> batches = new ArrayList<>();
    // Wave 2 waits for wave 1 (at 2.0 s): 3.8 s; without the barrier it would be 3.4 s.
    int[] ms = {1400, 600, 1000, 600, 1800, 600};
    for (int i = 0; i < ms.length; i++) {
      batches.add(new Batch("b" + i, 1, M100, List.of(), "ms=" + ms[i]));
    }
    WavePlan plan =
        new WavePlan(
            "plan.json",
            "task",
            List.of(new Wave(1, batches.subList(0, 4)), new Wave(2, batches.subList(4, 6))));
    Path planFile = Files.writeString(folder.resolve("in.json"), "{}");
    RunFolder.create(folder, planFile, List.of(), Map.of("CFN_TIER_1_MEMORY", "100m"));
    RunSettings settings =
        RunSettings.builder(
                new SpawnSettings(
                    "fake:latest",
                    null,
                    null,
                    Map.of(),
                    4,
                    "replay",
                    false,
                    ContainerSecurity.DEFAULT),
                folder)
            .memoryBudget(M200)
            .waveTimeout(Duration.ofMinutes(1))
            .stopGrace(Duration.ZERO)
            .pollInterval(poll)
            .retries(0, Set.of(ExitStatus.FAILED), Duration.ofMillis(10))
            .logs(LogPolicy.FAILED, 1 << 20)
            .build();
    TierTable tiers = TierTable.fromEnvironment(Map.of("CFN_TIER_1_MEMORY", "100m"));
    try (InMemoryBackend backend = new InMemoryBackend()) {
      new RunOrchestrator(backend, WaveListener.NONE, tiers, new Cancellation())
          .run(plan, settings);
    }

    RecordedRun recorded = RunRecords.read(folder);
    WhatIf.Prediction p = WhatIf.predict(recorded, plan, tiers, List.of(), Duration.ZERO);

    assertThat(p.batches()).isEqualTo(6);
    assertThat(p.measuredSeconds()).as("wave 2 waited for wave 1").isGreaterThan(3.8);
    // Recorded durations are the planned ones plus launch overhead, so the replay keeps the
    // barrier's 3.8 s at least, and never exceeds what was measured (no overhead is replayed).
    assertThat(p.replayedAsRunSeconds()).isBetween(3.8, p.measuredSeconds());
    assertThat(p.predictedSeconds()).isEqualTo(p.replayedAsRunSeconds());
  }

  private static Batch batch(String id, MemorySize limit) {
    return new Batch(id, 1, limit, List.of(), "");
  }

  private static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
