package dev.cfnwave.run;

import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.FailureRule;
import java.time.Duration;
import java.util.Set;

/**
 * What to do after an attempt ended: retry (after a backoff, in which memory shape) or settle. A
 * rejected attempt always settles: the backend would refuse a retry the same way. Pure: no engine,
 * no clock, no journal.
 *
 * @param retries how many attempts may follow the first one
 * @param escalateMemory an OOM-killed batch is retried one tier up, within the budget
 * @param budget the largest limit an attempt may have (the budget, and the largest node's room)
 */
record RetryPolicy(
    int retries,
    Set<ExitStatus> retryOn,
    Duration backoff,
    boolean escalateMemory,
    TierTable tiers,
    MemorySize budget) {

  RetryPolicy {
    retryOn = Set.copyOf(retryOn);
  }

  static RetryPolicy of(RunSettings settings, TierTable tiers) {
    return new RetryPolicy(
        settings.retries(),
        settings.retryOn(),
        settings.backoff(),
        settings.escalateMemory(),
        tiers,
        settings.largestAttempt());
  }

  /** The decision: retry (now or later, in this shape) or settle with the last outcome. */
  sealed interface Decision {}

  /**
   * Retry after {@code delay} in {@code shape}; {@code noLargerTier} says that an escalation was
   * due but no tier above fits the budget, so the shape is the same.
   */
  record Retry(Duration delay, Batch shape, boolean noLargerTier) implements Decision {}

  /**
   * Settle with the last outcome; {@code reason} says which failure rule settled it before the
   * retries ran out (null: no rule did).
   */
  record Settle(String reason) implements Decision {
    Settle() {
      this(null);
    }
  }

  /** As {@link #decide(ExitStatus, FailureRule, long, Batch)} with no failure rule fired. */
  Decision decide(ExitStatus outcome, long counted, Batch lastShape) {
    return decide(outcome, null, counted, lastShape);
  }

  /**
   * In this order: a rejected attempt settles; a --fail-fast-on-log match settles with its reason;
   * no retry left settles; an outcome in --retry-on, or a failed attempt whose exit code --retry-on
   * lists (the rule fired), retries; anything else settles.
   *
   * @param outcome how the last attempt ended
   * @param rule the failure rule that fired when it ended, or null
   * @param counted attempts so far that count (interrupted ones do not), the last one included
   * @param lastShape the last attempt's memory shape
   */
  Decision decide(ExitStatus outcome, FailureRule rule, long counted, Batch lastShape) {
    if (outcome == null || outcome == ExitStatus.REJECTED) {
      return new Settle();
    }
    if (rule != null && rule.stopsRetries()) {
      return new Settle(rule.describe());
    }
    boolean listed = retryOn.contains(outcome) || (rule != null && outcome == ExitStatus.FAILED);
    if (!listed || counted >= 1L + retries) {
      return new Settle();
    }
    Duration delay = Duration.ofMillis(backoff.toMillis() << Math.min(20, counted - 1));
    if (!escalateMemory || outcome != ExitStatus.OOM_KILLED) {
      return new Retry(delay, lastShape, false);
    }
    var up = tiers.tierAbove(lastShape.tier(), lastShape.memoryLimit());
    if (up.isPresent()) {
      MemorySize limit = tiers.limitOf(up.get()).orElseThrow();
      if (limit.compareTo(budget) <= 0) {
        return new Retry(delay, lastShape.withMemory(up.get(), limit), false);
      }
    }
    return new Retry(delay, lastShape, true);
  }
}
