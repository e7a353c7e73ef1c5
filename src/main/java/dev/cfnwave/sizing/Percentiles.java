package dev.cfnwave.sizing;

import java.util.List;

/** Nearest-rank percentiles: always one of the observed values, never an interpolation. */
final class Percentiles {

  private Percentiles() {}

  /** The smallest value with at least {@code percent} % of the values at or below it. */
  static long nearestRank(List<Long> values, int percent) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    List<Long> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(1, rank) - 1);
  }
}
