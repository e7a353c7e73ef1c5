package dev.cfnwave.report;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Usage numbers (tokens, dollars) of result files, added up key by key, exactly. */
public final class Usage {

  private Usage() {}

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
