package dev.cfnwave.report;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Usage numbers (tokens, dollars) of result files, added up key by key, exactly. */
public final class Usage {

  /** The keys the result file format names, shown first wherever usage keys are columns. */
  public static final List<String> FIRST_KEYS =
      List.of("input_tokens", "output_tokens", "cost_usd");

  private Usage() {}

  /** The keys in a stable order: those of {@link #FIRST_KEYS} present, then the others sorted. */
  public static List<String> orderedKeys(Collection<String> keys) {
    Set<String> sorted = new TreeSet<>(keys);
    Set<String> ordered = new LinkedHashSet<>();
    FIRST_KEYS.stream().filter(sorted::contains).forEach(ordered::add);
    ordered.addAll(sorted);
    return List.copyOf(ordered);
  }

  /** The number in its shortest plain form: 0.5, 1000, never 1E+3 or 0.50. */
  public static BigDecimal plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /** The sums, keys in the order they first appear; empty when nothing reported any usage. */
  public static Map<String, BigDecimal> sum(Stream<Map<String, BigDecimal>> usages) {
    Map<String, BigDecimal> total = new LinkedHashMap<>();
    usages.forEach(
        usage -> usage.forEach((key, value) -> total.merge(key, value, BigDecimal::add)));
    return Collections.unmodifiableMap(total);
  }

  /** The usage of an attempt's output, or none. */
  public static Map<String, BigDecimal> of(AttemptOutput output) {
    return output == null || output.result() == null ? Map.of() : output.result().usage();
  }

  /** "input_tokens 1200, cost_usd 0.031", or "" for none. */
  public static String describe(Map<String, BigDecimal> usage) {
    return usage.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue().stripTrailingZeros().toPlainString())
        .collect(Collectors.joining(", "));
  }
}
