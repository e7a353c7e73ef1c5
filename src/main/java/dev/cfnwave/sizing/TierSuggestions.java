package dev.cfnwave.sizing;

import java.util.List;

/**
 * Tier right-sizing over one or more recorded runs: per batch, per tier observed, and the memory
 * time reserved and not used in all.
 *
 * @param unmeasuredAttempts attempts that ran without a measured peak (not in the waste)
 */
public record TierSuggestions(
    List<String> runs,
    int percentile,
    double headroom,
    List<BatchSuggestion> batches,
    List<TierObservation> tiers,
    double wastedGibHours,
    int unmeasuredAttempts) {

  public TierSuggestions {
    runs = List.copyOf(runs);
    batches = List.copyOf(batches);
    tiers = List.copyOf(tiers);
  }
}
