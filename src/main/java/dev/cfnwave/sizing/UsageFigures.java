package dev.cfnwave.sizing;

import dev.cfnwave.report.Usage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What batches spent of one usage key (cost_usd, tokens), one batch's run at a time: how many batch
 * runs reported it, their mean, 95th percentile (nearest rank) and total. A batch run that reported
 * no such key is left out rather than counted as zero.
 *
 * @param reported batch runs whose result files reported the key
 */
public record UsageFigures(int reported, BigDecimal mean, BigDecimal p95, BigDecimal total) {

  static final int PERCENTILE = 95;

  /**
   * Figures per key, keys in {@link Usage#orderedKeys} order, from each batch run's usage added up
   * over its attempts; null when no batch run reported any usage.
   */
  static Map<String, UsageFigures> of(List<Map<String, BigDecimal>> batchRuns) {
    Set<String> keys = new HashSet<>();
    batchRuns.forEach(u -> keys.addAll(u.keySet()));
    if (keys.isEmpty()) {
      return null;
    }
    Map<String, UsageFigures> figures = new LinkedHashMap<>();
    for (String key : Usage.orderedKeys(keys)) {
      List<BigDecimal> values = new ArrayList<>();
      batchRuns.stream().map(u -> u.get(key)).filter(v -> v != null).forEach(values::add);
      figures.put(key, over(values));
    }
    return Collections.unmodifiableMap(figures);
  }

  private static UsageFigures over(List<BigDecimal> values) {
    BigDecimal total = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal mean = total.divide(BigDecimal.valueOf(values.size()), MathContext.DECIMAL64);
    List<BigDecimal> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(PERCENTILE / 100.0 * sorted.size());
    BigDecimal p95 = sorted.get(Math.max(1, rank) - 1);
    return new UsageFigures(values.size(), Usage.plain(mean), Usage.plain(p95), Usage.plain(total));
  }
}
