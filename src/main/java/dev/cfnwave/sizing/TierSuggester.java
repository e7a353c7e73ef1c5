package dev.cfnwave.sizing;

import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Suggests each batch the smallest tier that holds the 90th percentile of its measured peaks plus
 * 15 %, and more than any limit it was OOM-killed at (an OOM kill's peak is only its limit: what it
 * needed is unknown, so it moves up a tier at least). A batch with nothing measured keeps its tier.
 * Beside the memory, what each batch spent per run where its result files reported usage.
 */
public final class TierSuggester {

  static final int PERCENTILE = 90;
  static final double HEADROOM = 0.15;
  static final double NEAR_MISS = 0.90;
  private static final double GIB_HOURS = 3600.0 * (1L << 30);

  private final TierTable tiers;

  public TierSuggester(TierTable tiers) {
    this.tiers = tiers;
  }

  public TierSuggestions suggest(List<RecordedRun> runs) {
    Map<String, List<RecordedBatch>> byBatch = new LinkedHashMap<>();
    for (RecordedRun run : runs) {
      for (RecordedBatch b : run.batches()) {
        byBatch.computeIfAbsent(b.batchId(), id -> new ArrayList<>()).add(b);
      }
    }
    List<BatchSuggestion> batches = new ArrayList<>();
    byBatch.forEach((id, seen) -> batches.add(batch(seen)));
    List<RecordedAttempt> all =
        runs.stream()
            .flatMap(r -> r.batches().stream())
            .flatMap(b -> b.attempts().stream())
            .filter(a -> a.startedAt() != null)
            .toList();
    int unmeasured = (int) all.stream().filter(a -> a.peakBytes() == null).count();
    return new TierSuggestions(
        runs.stream().map(RecordedRun::runId).toList(),
        PERCENTILE,
        HEADROOM,
        batches,
        perTier(all),
        round(all.stream().mapToDouble(TierSuggester::wasted).sum()),
        unmeasured,
        UsageFigures.of(
            runs.stream().flatMap(r -> r.batches().stream()).map(RecordedBatch::usage).toList()));
  }

  private BatchSuggestion batch(List<RecordedBatch> seen) {
    RecordedBatch first = seen.get(0);
    List<RecordedAttempt> attempts = seen.stream().flatMap(b -> b.attempts().stream()).toList();
    RecordedAttempt initial = first.attempts().isEmpty() ? null : first.attempts().get(0);
    Integer currentTier = initial == null ? null : initial.tier();
    long currentLimit = initial == null ? 0 : initial.limitBytes();
    List<Long> peaks =
        attempts.stream()
            .filter(a -> !a.oomKilled() && a.peakBytes() != null)
            .map(RecordedAttempt::peakBytes)
            .toList();
    long killedAt =
        attempts.stream()
            .filter(RecordedAttempt::oomKilled)
            .mapToLong(RecordedAttempt::limitBytes)
            .max()
            .orElse(0);
    Long p90 = peaks.isEmpty() ? null : Percentiles.nearestRank(peaks, PERCENTILE);
    long fromPeaks = p90 == null ? 0 : (long) Math.ceil(p90 * (1 + HEADROOM));
    long needed = Math.max(fromPeaks, killedAt == 0 ? 0 : killedAt + 1);
    Integer tier = currentTier;
    String reason = "not_measured";
    if (needed > 0) {
      Optional<Integer> holding = smallestHolding(needed);
      if (holding.isPresent()) {
        tier = holding.get();
        reason = needed > fromPeaks ? "oom_bump" : "measured";
      } else {
        tier = largest();
        reason = "no_larger_tier";
      }
    }
    String suggestedLimit =
        tier == null
            ? (currentLimit > 0 ? new MemorySize(currentLimit).dockerForm() : null)
            : tiers.limitOf(tier).map(MemorySize::dockerForm).orElse(null);
    return new BatchSuggestion(
        first.batchId(),
        first.waveNumber(),
        currentTier,
        currentLimit > 0 ? new MemorySize(currentLimit).dockerForm() : null,
        attempts.size(),
        peaks,
        p90,
        needed > 0 ? needed : null,
        tier,
        suggestedLimit,
        reason,
        (int) attempts.stream().filter(RecordedAttempt::oomKilled).count(),
        (int) attempts.stream().filter(TierSuggester::nearMiss).count(),
        seen.stream().anyMatch(TierSuggester::memoryFlaky),
        round(attempts.stream().mapToDouble(TierSuggester::wasted).sum()),
        UsageFigures.of(seen.stream().map(RecordedBatch::usage).toList()));
  }

  private Optional<Integer> smallestHolding(long bytes) {
    return tiers.asMap().entrySet().stream()
        .filter(e -> e.getValue().bytes() >= bytes)
        .min(
            Comparator.comparing((Map.Entry<Integer, MemorySize> e) -> e.getValue())
                .thenComparing(Map.Entry::getKey))
        .map(Map.Entry::getKey);
  }

  private Integer largest() {
    return tiers.asMap().entrySet().stream()
        .max(
            Comparator.comparing((Map.Entry<Integer, MemorySize> e) -> e.getValue())
                .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  /** OOM-killed, and a later attempt of the same run passed with a larger limit. */
  static boolean memoryFlaky(RecordedBatch b) {
    List<RecordedAttempt> attempts = b.attempts();
    for (int i = 0; i < attempts.size(); i++) {
      RecordedAttempt killed = attempts.get(i);
      if (!killed.oomKilled()) {
        continue;
      }
      for (RecordedAttempt later : attempts.subList(i + 1, attempts.size())) {
        if (later.succeeded() && later.limitBytes() > killed.limitBytes()) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean nearMiss(RecordedAttempt a) {
    return !a.oomKilled()
        && a.peakBytes() != null
        && a.limitBytes() > 0
        && a.peakBytes() >= NEAR_MISS * a.limitBytes();
  }

  static double wasted(RecordedAttempt a) {
    if (a.peakBytes() == null || a.oomKilled()) {
      return 0;
    }
    long unused = Math.max(0, a.limitBytes() - a.peakBytes());
    return unused * (a.held().toMillis() / 1000.0) / GIB_HOURS;
  }

  private List<TierObservation> perTier(List<RecordedAttempt> attempts) {
    Map<String, List<RecordedAttempt>> groups = new LinkedHashMap<>();
    attempts.stream()
        .sorted(
            Comparator.comparing(
                    (RecordedAttempt a) -> a.tier(), Comparator.nullsLast(Integer::compare))
                .thenComparingLong(RecordedAttempt::limitBytes))
        .forEach(
            a ->
                groups
                    .computeIfAbsent(a.tier() + "/" + a.limitBytes(), k -> new ArrayList<>())
                    .add(a));
    List<TierObservation> result = new ArrayList<>();
    for (List<RecordedAttempt> group : groups.values()) {
      RecordedAttempt any = group.get(0);
      List<Long> peaks =
          group.stream().map(RecordedAttempt::peakBytes).filter(Objects::nonNull).toList();
      result.add(
          new TierObservation(
              any.tier(),
              new MemorySize(any.limitBytes()).dockerForm(),
              group.size(),
              peaks.size(),
              peaks.stream().max(Long::compare).orElse(null),
              peaks.isEmpty() ? null : Percentiles.nearestRank(peaks, PERCENTILE),
              (int) group.stream().filter(RecordedAttempt::oomKilled).count(),
              (int) group.stream().filter(TierSuggester::nearMiss).count(),
              round(group.stream().mapToDouble(TierSuggester::wasted).sum())));
    }
    return result;
  }

  private static double round(double gibHours) {
    return Math.round(gibHours * 1e6) / 1e6;
  }
}
