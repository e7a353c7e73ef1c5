package dev.cfnwave.sizing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tier right-sizing over one or more recorded runs: per batch, per tier observed, and the memory
 * time reserved and not used in all.
 *
 * @param unmeasuredAttempts attempts that ran without a measured peak (not in the waste)
 * @param usage what a batch spent in a run, over every batch of every run read (mean, p95 and the
 *     total of all), by usage key; null when no result file reported usage
 */
public record TierSuggestions(
    List<String> runs,
    int percentile,
    double headroom,
    List<BatchSuggestion> batches,
    List<TierObservation> tiers,
    double wastedGibHours,
    int unmeasuredAttempts,
    Map<String, UsageFigures> usage) {

  public TierSuggestions {
    runs = List.copyOf(runs);
    batches = List.copyOf(batches);
    tiers = List.copyOf(tiers);
    usage = usage == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(usage));
  }

  /** Without usage figures: no result file reported any. */
  public TierSuggestions(
      List<String> runs,
      int percentile,
      double headroom,
      List<BatchSuggestion> batches,
      List<TierObservation> tiers,
      double wastedGibHours,
      int unmeasuredAttempts) {
    this(runs, percentile, headroom, batches, tiers, wastedGibHours, unmeasuredAttempts, null);
  }
}
