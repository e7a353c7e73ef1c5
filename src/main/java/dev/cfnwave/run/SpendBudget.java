package dev.cfnwave.run;

import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.report.Usage;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.Journal;
import dev.cfnwave.run.journal.JournalEntry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run's spend budget at work: adds up the usage the ended attempts' result files reported (on a
 * resume those of earlier processes too, replayed from the journal), and once a total reaches its
 * limit admits no new attempt: batches that never started are skipped with the reason, batches
 * waiting to retry settle with their last outcome, running attempts finish. Confined to the run's
 * thread.
 */
final class SpendBudget {

  /** How the reason of a batch skipped for the budget begins; a resume does not replay those. */
  static final String SKIP_REASON = "spend budget reached: ";

  private final SpendLimits limits;
  private final List<BatchRun> batches;
  private final Journal journal;
  private final WaveListener listener;
  private boolean stopped;

  SpendBudget(SpendLimits limits, List<BatchRun> batches, Journal journal, WaveListener listener) {
    this.limits = limits;
    this.batches = batches;
    this.journal = journal;
    this.listener = listener;
  }

  /** What reached its limit: "cost_usd 3.1 of 3". */
  record Reached(String key, BigDecimal total, BigDecimal limit) {
    String describe() {
      return key + " " + plain(total) + " of " + plain(limit);
    }
  }

  /** The usage the batches' ended attempts reported, key by key. */
  static Map<String, BigDecimal> totals(List<BatchRun> batches) {
    return Usage.sum(
        batches.stream().flatMap(b -> b.attempts().stream()).map(a -> Usage.of(a.output)));
  }

  /** The first limit (in the order given) the totals reach, if any. */
  static Optional<Reached> reached(SpendLimits limits, Map<String, BigDecimal> totals) {
    for (Map.Entry<String, BigDecimal> limit : limits.limits().entrySet()) {
      BigDecimal total = totals.getOrDefault(limit.getKey(), BigDecimal.ZERO);
      if (total.compareTo(limit.getValue()) >= 0) {
        return Optional.of(new Reached(limit.getKey(), total, limit.getValue()));
      }
    }
    return Optional.empty();
  }

  /**
   * Called before each admission: true when the budget is reached, once the batches that would
   * start next are skipped or settled (journaled, the first time with why).
   */
  boolean holdsAdmission(Instant now) {
    if (!limits.any()) {
      return false;
    }
    Optional<Reached> reached = reached(limits, totals(batches));
    if (reached.isEmpty()) {
      return false;
    }
    String what = reached.get().describe();
    for (BatchRun b : batches) {
      if (b.state() != BatchRun.State.PENDING) {
        continue;
      }
      if (!stopped) {
        stopped = true;
        journal.append(JournalEntry.spendBudgetReached(now, what));
        listener.warn(
            "spend budget reached ("
                + what
                + "): no new attempt starts, running ones finish"
                + " (--resume with a higher limit goes on)");
      }
      if (b.attempts().isEmpty()) {
        journal.append(b.skipForSpend(SKIP_REASON + what, now));
      } else {
        journal.append(b.settle(now));
        listener.on(
            new WaveEvent.BatchSettled(
                b.batch.batchId(), b.finalStatus().wireName(), b.attempts().size()));
      }
    }
    return true;
  }

  /** Whether the budget kept an attempt from starting, and still would. */
  boolean spent() {
    return stopped && reached(limits, totals(batches)).isPresent();
  }

  /** The totals so far against the limits, for progress. */
  WaveEvent.Spend progress() {
    return progress(limits, batches);
  }

  static WaveEvent.Spend progress(SpendLimits limits, List<BatchRun> batches) {
    return new WaveEvent.Spend(totals(batches), limits.limits());
  }

  static boolean isSpendSkip(String reason) {
    return reason != null && reason.startsWith(SKIP_REASON);
  }

  private static String plain(BigDecimal number) {
    return number.stripTrailingZeros().toPlainString();
  }
}
