package dev.cfnwave.sizing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the recorded runs say about one batch's memory, and the tier to give it.
 *
 * @param currentTier the tier of its first attempt (null: the plan gave it a memory, not a tier)
 * @param peaksBytes the measured peaks of its attempts that were not OOM-killed, in run order
 * @param p90PeakBytes their 90th percentile (nearest rank), null when none was measured
 * @param neededBytes what the suggested tier must hold: the 90th percentile plus the headroom, and
 *     more than any limit it was OOM-killed at; null when nothing was measured or killed
 * @param reason why this tier: {@code measured}, {@code oom_bump}, {@code no_larger_tier} or {@code
 *     not_measured} (kept as it was)
 * @param nearMisses attempts that used at least 90 % of their limit and were not killed
 * @param memoryFlaky OOM-killed, then passed with more memory
 * @param wastedGibHours memory reserved and not used (limit minus peak, over the time held), in
 *     GiB-hours, over its measured attempts
 * @param usage what it spent per run (cost_usd, tokens: its attempts' result files added up), by
 *     usage key; null when no result file of it reported usage
 */
public record BatchSuggestion(
    String batchId,
    int waveNumber,
    Integer currentTier,
    String currentMemoryLimit,
    int attempts,
    List<Long> peaksBytes,
    Long p90PeakBytes,
    Long neededBytes,
    Integer suggestedTier,
    String suggestedMemoryLimit,
    String reason,
    int oomKills,
    int nearMisses,
    boolean memoryFlaky,
    double wastedGibHours,
    Map<String, UsageFigures> usage) {

  public BatchSuggestion {
    peaksBytes = List.copyOf(peaksBytes);
    usage = usage == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(usage));
  }

  /** Without usage figures: its result files reported none. */
  public BatchSuggestion(
      String batchId,
      int waveNumber,
      Integer currentTier,
      String currentMemoryLimit,
      int attempts,
      List<Long> peaksBytes,
      Long p90PeakBytes,
      Long neededBytes,
      Integer suggestedTier,
      String suggestedMemoryLimit,
      String reason,
      int oomKills,
      int nearMisses,
      boolean memoryFlaky,
      double wastedGibHours) {
    this(
        batchId,
        waveNumber,
        currentTier,
        currentMemoryLimit,
        attempts,
        peaksBytes,
        p90PeakBytes,
        neededBytes,
        suggestedTier,
        suggestedMemoryLimit,
        reason,
        oomKills,
        nearMisses,
        memoryFlaky,
        wastedGibHours,
        null);
  }

  public boolean changes() {
    return suggestedTier != null && !suggestedTier.equals(currentTier);
  }
}
