package dev.cfnwave.run;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * How a run treats pools and rate limits: limits that override the plan's pools (--pool), the exit
 * codes that mean "rate limited" (--rate-limit-exit-codes), how long a run may get nothing but rate
 * limits before it stops (--rate-limit-timeout), and the backoff before a rate-limited batch goes
 * again: {@code firstBackoff} doubled per consecutive rate limit up to {@code maxBackoff}, each
 * delay drawn between half and all of that from {@code jitter}.
 */
public record PoolSettings(
    Map<String, Integer> limits,
    Set<Long> rateLimitExitCodes,
    Duration rateLimitTimeout,
    Duration firstBackoff,
    Duration maxBackoff,
    RandomGenerator jitter) {

  /** EX_TEMPFAIL from sysexits.h: "try again later". */
  public static final long EX_TEMPFAIL = 75;

  public static final Duration DEFAULT_RATE_LIMIT_TIMEOUT = Duration.ofSeconds(600);

  /** The longest wait a result file's retry_after_seconds can ask for. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(15);

  public PoolSettings {
    limits = Map.copyOf(limits);
    limits.forEach(
        (name, limit) -> {
          if (limit < 1) {
            throw new IllegalArgumentException("pool " + name + " must allow at least 1");
          }
        });
    rateLimitExitCodes = Set.copyOf(rateLimitExitCodes);
    Objects.requireNonNull(rateLimitTimeout, "rateLimitTimeout");
    Objects.requireNonNull(jitter, "jitter");
    if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException("backoffs must be 0 <= first <= max");
    }
  }

  /** No override, exit code 75, 600 s, a backoff from 1 s up to 60 s, jitter seeded by the run. */
  public static PoolSettings defaults(long seed) {
    return new PoolSettings(
        Map.of(),
        Set.of(EX_TEMPFAIL),
        DEFAULT_RATE_LIMIT_TIMEOUT,
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        new SplittableRandom(seed));
  }

  /**
   * The plan's pools with these overrides (run refuses one for a pool the plan does not declare).
   */
  public Map<String, Integer> limitsFor(Map<String, Integer> planPools) {
    Map<String, Integer> merged = new LinkedHashMap<>(planPools);
    merged.putAll(limits);
    return merged;
  }

  public boolean isRateLimit(Long exitCode) {
    return exitCode != null && rateLimitExitCodes.contains(exitCode);
  }

  /**
   * The delay before the next attempt after this many consecutive rate limits: at least what the
   * last attempt's result file asked for in retry_after_seconds (null: nothing), up to {@link
   * #MAX_RETRY_AFTER}.
   */
  public Duration backoff(int consecutive, BigDecimal retryAfterSeconds) {
    Duration drawn = backoff(consecutive);
    if (retryAfterSeconds == null || retryAfterSeconds.signum() <= 0) {
      return drawn;
    }
    long asked =
        retryAfterSeconds
            .min(BigDecimal.valueOf(MAX_RETRY_AFTER.toSeconds()))
            .movePointRight(3)
            .setScale(0, java.math.RoundingMode.CEILING)
            .longValueExact();
    return drawn.toMillis() >= asked ? drawn : Duration.ofMillis(asked);
  }

  /** The delay before the next attempt after this many consecutive rate limits (1 or more). */
  public Duration backoff(int consecutive) {
    long ceiling = firstBackoff.toMillis() << Math.min(20, Math.max(0, consecutive - 1));
    long capped = Math.min(ceiling, maxBackoff.toMillis());
    long half = capped / 2;
    return Duration.ofMillis(half + (capped - half == 0 ? 0 : jitter.nextLong(capped - half + 1)));
  }
}
