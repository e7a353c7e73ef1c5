package dev.cfnwave.run;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A run's spend budget: the most of each usage key (cost_usd, output_tokens, any other a result
 * file reports) the run's attempts may report in all before no new attempt starts; none by default.
 */
public record SpendLimits(Map<String, BigDecimal> limits) {

  /** The usage key {@code --max-cost} limits. */
  public static final String COST = "cost_usd";

  /** No limit on anything. */
  public static final SpendLimits NONE = new SpendLimits(Map.of());

  public SpendLimits {
    limits = Collections.unmodifiableMap(new LinkedHashMap<>(limits));
    limits.forEach(
        (key, limit) -> {
          if (limit == null || limit.signum() < 0) {
            throw new IllegalArgumentException("the limit of " + key + " must not be negative");
          }
        });
  }

  public boolean any() {
    return !limits.isEmpty();
  }

  public Optional<BigDecimal> of(String key) {
    return Optional.ofNullable(limits.get(key));
  }

  /** These limits with {@code newer}'s over them, key by key (a resume that raised one). */
  public SpendLimits overriddenBy(SpendLimits newer) {
    Map<String, BigDecimal> merged = new LinkedHashMap<>(limits);
    merged.putAll(newer.limits);
    return new SpendLimits(merged);
  }
}
