package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.plan.PoolNames;
import dev.cfnwave.run.PoolSettings;
import dev.cfnwave.run.RunSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** run's pool and rate-limit options: pool limits over the plan's, and what a rate limit is. */
final class PoolOptions {

  @InHelpGroup(HelpGroup.SCHEDULING)
  @Option(
      names = "--pool",
      paramLabel = "NAME=N",
      description =
          "At most N attempts using pool NAME run at once, instead of the plan's \"pools\""
              + " (repeatable).")
  Map<String, String> pools = new LinkedHashMap<>();

  @InHelpGroup(HelpGroup.SCHEDULING)
  @Option(
      names = "--rate-limit-exit-codes",
      paramLabel = "LIST",
      split = ",",
      defaultValue = "75",
      description =
          "Exit codes that mean rate limited: the batch goes back to the queue after a backoff,"
              + " without using a retry, and its pools lower their limits (default:"
              + " ${DEFAULT-VALUE}, EX_TEMPFAIL).")
  List<Long> rateLimitExitCodes;

  @InHelpGroup(HelpGroup.SCHEDULING)
  @Option(
      names = "--rate-limit-timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description =
          "Stop the run when for this long every attempt that ended was rate limited (default:"
              + " ${DEFAULT-VALUE}).")
  Duration rateLimitTimeout;

  /**
   * Refuses, before anything is asked of the engine, a bad --pool: a bad name or limit, or a pool
   * the plan does not declare (no batch can use it, so it would do nothing).
   */
  void validateAgainst(Map<String, Integer> planPools) {
    for (var pool : pools.entrySet()) {
      String name = pool.getKey();
      String problem = PoolNames.problemWith(name);
      if (problem != null) {
        throw new InputException("--pool", "pool name " + problem);
      }
      limit(name, pool.getValue());
      if (!planPools.containsKey(name)) {
        throw new InputException(
            "--pool",
            "the plan declares no pool '"
                + name
                + "' (its pools: "
                + (planPools.isEmpty() ? "none" : String.join(", ", planPools.keySet()))
                + ")");
      }
    }
    for (long code : rateLimitExitCodes) {
      if (code < 1 || code > 255) {
        throw new InputException(
            "--rate-limit-exit-codes", "must be exit codes from 1 to 255, got " + code);
      }
    }
  }

  /** The builder with these settings, checked by {@link #validateAgainst} first. */
  RunSettings.Builder applyTo(RunSettings.Builder builder, String runId) {
    Map<String, Integer> limits = new LinkedHashMap<>();
    pools.forEach((name, value) -> limits.put(name, limit(name, value)));
    PoolSettings defaults = PoolSettings.defaults(runId.hashCode());
    Set<Long> codes = new LinkedHashSet<>(rateLimitExitCodes);
    return builder.pools(
        new PoolSettings(
            limits,
            codes,
            rateLimitTimeout,
            defaults.firstBackoff(),
            defaults.maxBackoff(),
            defaults.jitter()));
  }

  private static int limit(String name, String value) {
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit >= 1) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new InputException(
        "--pool", name + " must be a whole number of at least 1, got '" + value + "'");
  }
}
