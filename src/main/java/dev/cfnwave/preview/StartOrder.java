package dev.cfnwave.preview;

import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.preview.PreviewDocument.Start;
import dev.cfnwave.preview.PreviewDocument.WaveSummary;
import dev.cfnwave.run.RunBudget;
import dev.cfnwave.run.admission.AdmissionReplay;
import dev.cfnwave.run.admission.AdmissionReplay.Launch;
import dev.cfnwave.run.admission.Estimates;
import dev.cfnwave.run.admission.MemoryBudget;
import dev.cfnwave.run.admission.Schedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order a run would start its batches in, replayed through the run's own admission code ({@link
 * AdmissionReplay}: the schedule, the learned order, backfill, the memory budget and its nodes).
 * Each batch runs for its estimate; a batch without one for the median of the others' (all alike
 * when none has one), so the order and the rounds hold whatever the real durations, and the times
 * only when every batch has an estimate.
 */
final class StartOrder {

  /** Without estimates, every batch is taken to run this long; only the order matters then. */
  private static final Duration ALIKE = Duration.ofSeconds(60);

  /** The batches in start order, and each wave's summary. */
  record Result(List<Start> starts, List<WaveSummary> waves) {}

  private StartOrder() {}

  /**
   * @param unfit batch ids that could never start: left out
   * @param budget null: no budget known, every wave starts at once and no rounds are said
   * @param pools the plan's pools: a batch starts only with a slot in each it uses
   */
  static Result of(
      List<Wave> waves,
      Set<String> unfit,
      Estimates estimates,
      RunBudget budget,
      Schedule schedule,
      Duration backfillLimit,
      String baseImage,
      Map<String, Integer> pools) {
    Map<String, Batch> byId = new HashMap<>();
    waves.forEach(w -> w.batches().forEach(b -> byId.put(b.batchId(), b)));
    Duration fallback = median(estimates.byBatchId().values().stream().toList());
    boolean allKnown = byId.keySet().stream().allMatch(estimates.byBatchId()::containsKey);
    Map<String, Duration> durations = new HashMap<>();
    byId.forEach(
        (id, b) -> {
          if (!unfit.contains(id)) {
            durations.put(id, estimates.byBatchId().getOrDefault(id, fallback));
          }
        });
    List<Launch> launches =
        AdmissionReplay.replay(
                waves,
                durations,
                memoryOf(budget, waves),
                estimates,
                schedule,
                backfillLimit,
                pools)
            .launches();
    Map<String, Integer> rounds = rounds(launches);
    List<Start> starts = new ArrayList<>();
    for (Launch l : launches) {
      Batch b = byId.get(l.batchId());
      Duration expected = estimates.byBatchId().get(l.batchId());
      starts.add(
          new Start(
              starts.size() + 1,
              l.batchId(),
              l.waveNumber(),
              b.tier(),
              l.memoryLimit().dockerForm(),
              l.memoryLimit().bytes(),
              b.imageOr(baseImage),
              expected == null ? null : seconds(expected),
              b.expected().isPresent() ? "plan" : expected != null ? "earlier_runs" : "unknown",
              budget == null ? null : rounds.get(l.batchId()),
              allKnown ? seconds(l.at()) : null));
    }
    List<WaveSummary> summaries =
        waves.stream().map(w -> summary(w, launches, rounds, budget != null, allKnown)).toList();
    return new Result(starts, summaries);
  }

  private static MemoryBudget memoryOf(RunBudget budget, List<Wave> waves) {
    if (budget != null) {
      return new MemoryBudget(budget.size(), budget.engine(), budget.nodes());
    }
    long all = waves.stream().mapToLong(w -> w.totalMemory().bytes()).sum();
    return new MemoryBudget(new MemorySize(Math.max(1, all)));
  }

  /**
   * A batch starting at the outset is in round 1; one started when others ended, in the round after
   * the latest of theirs (the replay only ever starts a batch at the outset or at an end).
   */
  private static Map<String, Integer> rounds(List<Launch> launches) {
    Map<Duration, Integer> endingAt = new HashMap<>();
    Map<String, Integer> rounds = new HashMap<>();
    for (Launch l : launches) {
      int round = l.at().isZero() ? 1 : 1 + endingAt.getOrDefault(l.at(), 0);
      rounds.put(l.batchId(), round);
      endingAt.merge(l.end(), round, Math::max);
    }
    return rounds;
  }

  private static WaveSummary summary(
      Wave wave,
      List<Launch> launches,
      Map<String, Integer> rounds,
      boolean budgeted,
      boolean allKnown) {
    List<Launch> own = launches.stream().filter(l -> l.waveNumber() == wave.waveNumber()).toList();
    MemorySize total = wave.totalMemory();
    Integer roundCount = null;
    Long peak = null;
    if (budgeted && !own.isEmpty()) {
      int first = own.stream().mapToInt(l -> rounds.get(l.batchId())).min().orElseThrow();
      int last = own.stream().mapToInt(l -> rounds.get(l.batchId())).max().orElseThrow();
      roundCount = last - first + 1;
      peak = peakOf(own);
    }
    Double span = null;
    if (allKnown && !own.isEmpty()) {
      Duration from = own.stream().map(Launch::at).min(Duration::compareTo).orElseThrow();
      Duration to = own.stream().map(Launch::end).max(Duration::compareTo).orElseThrow();
      span = seconds(to.minus(from));
    }
    return new WaveSummary(
        wave.waveNumber(),
        wave.batches().size(),
        total.dockerForm(),
        total.bytes(),
        peak,
        roundCount,
        span);
  }

  /** The most the launches held at once; an end frees its memory before a start at that time. */
  private static long peakOf(List<Launch> launches) {
    List<long[]> changes = new ArrayList<>();
    for (Launch l : launches) {
      changes.add(new long[] {l.at().toNanos(), 1, l.memoryLimit().bytes()});
      changes.add(new long[] {l.end().toNanos(), 0, -l.memoryLimit().bytes()});
    }
    changes.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    long held = 0;
    long peak = 0;
    for (long[] change : changes) {
      held += change[2];
      peak = Math.max(peak, held);
    }
    return peak;
  }

  private static Duration median(List<Duration> values) {
    if (values.isEmpty()) {
      return ALIKE;
    }
    List<Duration> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
