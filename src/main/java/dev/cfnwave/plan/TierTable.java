package dev.cfnwave.plan;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a batch's memory tier to its container memory limit: 512m, 600m, 800m and 1g by default,
 * each overridable by CFN_TIER_N_MEMORY (which may also add tiers beyond 4).
 */
public final class TierTable {

  private static final Pattern TIER_VARIABLE = Pattern.compile("CFN_TIER_(\\d+)_MEMORY");
  private static final Map<Integer, MemorySize> DEFAULTS =
      Map.of(
          1, MemorySize.parse("512m"),
          2, MemorySize.parse("600m"),
          3, MemorySize.parse("800m"),
          4, MemorySize.parse("1g"));

  private final Map<Integer, MemorySize> limits;

  private TierTable(Map<Integer, MemorySize> limits) {
    this.limits = Map.copyOf(limits);
  }

  public static TierTable defaults() {
    return new TierTable(DEFAULTS);
  }

  /**
   * The default table with every CFN_TIER_N_MEMORY found in the environment applied.
   *
   * @throws PlanException when a variable does not hold a memory size
   */
  public static TierTable fromEnvironment(Map<String, String> environment) {
    Map<Integer, MemorySize> limits = new TreeMap<>(DEFAULTS);
    environment.forEach(
        (name, value) -> {
          Matcher m = TIER_VARIABLE.matcher(name);
          if (m.matches()) {
            limits.put(tierNumber(name, m.group(1)), parseVariable(name, value));
          }
        });
    return new TierTable(limits);
  }

  private static int tierNumber(String name, String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new PlanException(name, "tier number " + digits + " is too large");
    }
  }

  private static MemorySize parseVariable(String name, String value) {
    try {
      return MemorySize.parse(value);
    } catch (IllegalArgumentException e) {
      throw new PlanException(name, e.getMessage());
    }
  }

  public Optional<MemorySize> limitOf(int tier) {
    return Optional.ofNullable(limits.get(tier));
  }

  /**
   * The tier to retry an OOM-killed batch with: the lowest tier above {@code tier} (any tier when
   * the batch had none) whose limit is larger than {@code current}; empty at the top.
   */
  public Optional<Integer> tierAbove(Integer tier, MemorySize current) {
    return limits.entrySet().stream()
        .filter(e -> tier == null || e.getKey() > tier)
        .filter(e -> e.getValue().compareTo(current) > 0)
        .map(Map.Entry::getKey)
        .min(Integer::compare);
  }

  public Map<Integer, MemorySize> asMap() {
    return new TreeMap<>(limits);
  }
}
