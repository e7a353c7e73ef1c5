package dev.cfnwave.sizing;

/**
 * What the recorded attempts of one tier used.
 *
 * @param tier null for attempts whose batch had a memory instead of a tier
 * @param measured attempts with a measured peak
 */
public record TierObservation(
    Integer tier,
    String memoryLimit,
    int attempts,
    int measured,
    Long maxPeakBytes,
    Long p90PeakBytes,
    int oomKills,
    int nearMisses,
    double wastedGibHours) {}
