package dev.cfnwave.image;

import java.time.Duration;
import java.util.Objects;

/**
 * How a command gets its images: when to pull ({@link PullPolicy}), how long one pull may take, and
 * how many pull at once.
 */
public record PullSettings(PullPolicy policy, Duration timeout, int parallel) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  public static final int DEFAULT_PARALLEL = 2;

  /** --pull missing, 10 minutes per pull, two at once. */
  public static final PullSettings DEFAULTS =
      new PullSettings(PullPolicy.MISSING, DEFAULT_TIMEOUT, DEFAULT_PARALLEL);

  public PullSettings {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the pull timeout must be positive");
    }
    if (parallel < 1) {
      throw new IllegalArgumentException("at least one pull at a time");
    }
  }
}
