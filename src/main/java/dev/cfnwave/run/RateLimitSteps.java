package dev.cfnwave.run;

import dev.cfnwave.event.WaveListener;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.admission.AdmissionPolicy;
import dev.cfnwave.run.admission.Pools;
import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.Journal;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What rate-limited attempts do to a run: their batch goes back to the queue after a backoff that
 * grows with the rate limits in a row, without using a retry, and their pools' limits go down (a
 * success raises them); a run that gets nothing but rate limits for --rate-limit-timeout gives up.
 * Confined to the run's thread.
 */
final class RateLimitSteps {

  private final PoolSettings settings;
  private final Pools pools;
  private final Journal journal;
  private final AdmissionPolicy admission;
  private final WaveListener listener;

  /** Since when every attempt that ended was rate limited; null when the last was not. */
  private Instant rateLimitedSince;

  private boolean gaveUp;

  RateLimitSteps(
      PoolSettings settings,
      Pools pools,
      Journal journal,
      AdmissionPolicy admission,
      WaveListener listener) {
    this.settings = settings;
    this.pools = pools;
    this.journal = journal;
    this.admission = admission;
    this.listener = listener;
  }

  /**
   * Adjusts the pools for the batch's last end; true when that end was a rate limit and the batch
   * is back in the queue, false when it is for the retry policy to decide.
   */
  boolean backOff(BatchRun b, Instant now, boolean cancelling) {
    return backOff(b, now, cancelling, true);
  }

  /** After a resume: as {@link #backOff}, for an end whose bearing on the pools was replayed. */
  boolean backOffReplayed(BatchRun b, Instant now, boolean cancelling) {
    return backOff(b, now, cancelling, false);
  }

  private boolean backOff(BatchRun b, Instant now, boolean cancelling, boolean adjustPools) {
    Attempt last = b.current();
    if (last.exitStatus != ExitStatus.RATE_LIMITED) {
      rateLimitedSince = null;
      if (last.exitStatus == ExitStatus.SUCCESS && adjustPools) {
        pools.succeeded(last.batch.uses());
      }
      return false;
    }
    if (rateLimitedSince == null) {
      rateLimitedSince = now;
    }
    if (adjustPools) {
      pools.rateLimited(last.batch.uses());
    }
    if (gaveUp || cancelling) {
      return false;
    }
    Duration delay = settings.backoff(b.rateLimitedInARow(), retryAfter(last));
    b.retry(last.batch, now.plus(delay));
    listener.info(
        "batch "
            + last.batch.batchId()
            + " was rate limited ("
            + b.rateLimitedInARow()
            + " in a row): again in "
            + delay.toMillis()
            + " ms"
            + poolLimits(last.batch.uses()));
    return true;
  }

  /** The retry_after_seconds of the attempt's result file, or null. */
  private static BigDecimal retryAfter(Attempt attempt) {
    return attempt.output == null || attempt.output.result() == null
        ? null
        : attempt.output.result().retryAfterSeconds();
  }

  /** ", pool llm-api limit 4/8" for each pool the batch uses. */
  private String poolLimits(List<String> uses) {
    StringBuilder text = new StringBuilder();
    for (var p : pools.states()) {
      if (uses.contains(p.name())) {
        text.append(", pool ")
            .append(p.name())
            .append(" limit ")
            .append(p.limit())
            .append('/')
            .append(p.configured());
      }
    }
    return text.toString();
  }

  /**
   * After a resume: the pools' limits as the journaled ends left them, applied in the order they
   * completed (the ends of batches that have not moved on yet then go through {@link
   * #backOffReplayed}).
   */
  void replay(List<BatchRun> batches) {
    List<Attempt> ends = new ArrayList<>();
    for (BatchRun b : batches) {
      for (Attempt a : b.attempts()) {
        if (a.exitStatus != null) {
          ends.add(a);
        }
      }
    }
    ends.sort(
        Comparator.comparing(
            (Attempt a) -> a.completedAt, Comparator.nullsLast(Comparator.naturalOrder())));
    for (Attempt a : ends) {
      if (a.exitStatus == ExitStatus.RATE_LIMITED) {
        pools.rateLimited(a.batch.uses());
      } else if (a.exitStatus == ExitStatus.SUCCESS) {
        pools.succeeded(a.batch.uses());
      }
    }
  }

  /**
   * Gives up when every attempt that ended for --rate-limit-timeout was rate limited: batches
   * waiting between attempts settle rate_limited, those not started never start, running ones
   * settle when they end. True once, when it gives up.
   */
  boolean giveUpIfDue(List<BatchRun> batches, Instant now) {
    if (gaveUp
        || rateLimitedSince == null
        || Duration.between(rateLimitedSince, now).compareTo(settings.rateLimitTimeout()) < 0) {
      return false;
    }
    gaveUp = true;
    listener.warn(
        "only rate limits for "
            + settings.rateLimitTimeout().toSeconds()
            + " s (--rate-limit-timeout): stopping the run; batches waiting end rate_limited");
    for (BatchRun b : batches) {
      if (b.state() == BatchRun.State.PENDING) {
        if (b.attempts().isEmpty()) {
          b.skip();
        } else {
          journal.append(b.settle(now));
          admission.settled(b);
        }
      }
    }
    return true;
  }
}
