package dev.cfnwave.sizing;

import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.run.admission.AdmissionReplay;
import dev.cfnwave.run.admission.Schedule;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replays a recorded run's durations through the run's admission code under the suggested tiers and
 * the same budget, schedule and backfill limit, next to the same replay under the tiers it ran with
 * and the makespan it measured.
 */
public final class WhatIf {

  /**
   * @param measuredSeconds from the run's first attempt start to its last attempt end
   * @param replayedAsRunSeconds the replay under the limits the batches first ran with
   * @param predictedSeconds the replay under the suggested tiers
   * @param backfillLimitSeconds the run's --backfill-limit, which both replays use
   */
  public record Prediction(
      String runId,
      String schedule,
      String memoryBudget,
      int batches,
      double measuredSeconds,
      double replayedAsRunSeconds,
      double predictedSeconds,
      double backfillLimitSeconds) {}

  private WhatIf() {}

  public static Prediction predict(
      RecordedRun run,
      WavePlan plan,
      TierTable tiers,
      List<BatchSuggestion> suggestions,
      Duration backfillLimit) {
    Map<String, Duration> durations = new HashMap<>();
    Map<String, MemorySize> asRun = new HashMap<>();
    for (RecordedBatch b : run.batches()) {
      RecordedAttempt decisive =
          b.attempts().stream()
              .filter(RecordedAttempt::succeeded)
              .reduce((x, y) -> y)
              .orElse(b.attempts().isEmpty() ? null : b.attempts().get(b.attempts().size() - 1));
      // A cancelled attempt was cut short by its group's success: its time is not how long the
      // batch takes, so the replay leaves the batch out as it does one that never ran.
      if (decisive != null
          && !decisive.cancelled()
          && decisive.startedAt() != null
          && decisive.endedAt() != null) {
        durations.put(b.batchId(), decisive.held());
        asRun.put(b.batchId(), new MemorySize(b.attempts().get(0).limitBytes()));
      }
    }
    Map<String, MemorySize> suggested = new HashMap<>(asRun);
    for (BatchSuggestion s : suggestions) {
      if (s.suggestedTier() != null && asRun.containsKey(s.batchId())) {
        tiers.limitOf(s.suggestedTier()).ifPresent(limit -> suggested.put(s.batchId(), limit));
      }
    }
    Schedule schedule = Schedule.valueOf(run.schedule().toUpperCase(Locale.ROOT));
    return new Prediction(
        run.runId(),
        run.schedule(),
        run.memoryBudget().dockerForm(),
        durations.size(),
        seconds(run.attemptSpan()),
        seconds(
            AdmissionReplay.makespan(
                withLimits(plan, asRun),
                durations,
                run.memoryBudget(),
                schedule,
                backfillLimit,
                plan.pools())),
        seconds(
            AdmissionReplay.makespan(
                withLimits(plan, suggested),
                durations,
                run.memoryBudget(),
                schedule,
                backfillLimit,
                plan.pools())),
        seconds(backfillLimit));
  }

  private static List<Wave> withLimits(WavePlan plan, Map<String, MemorySize> limits) {
    return plan.waves().stream()
        .map(
            w ->
                new Wave(
                    w.waveNumber(),
                    w.batches().stream()
                        .map(b -> limits.containsKey(b.batchId()) ? resized(b, limits) : b)
                        .toList()))
        .toList();
  }

  private static Batch resized(Batch b, Map<String, MemorySize> limits) {
    return b.withMemory(b.tier(), limits.get(b.batchId()));
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
