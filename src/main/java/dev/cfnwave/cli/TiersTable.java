package dev.cfnwave.cli;

import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.render.Plural;
import dev.cfnwave.sizing.BatchSuggestion;
import dev.cfnwave.sizing.TierObservation;
import dev.cfnwave.sizing.TierSuggestions;
import dev.cfnwave.sizing.UsageFigures;
import dev.cfnwave.sizing.WhatIf;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * tiers suggest's table on stderr: one row per batch (with its spend per run when result files
 * reported usage), one per tier seen, the totals.
 */
final class TiersTable {

  private static final String COST = "cost_usd";

  private TiersTable() {}

  static void print(PrintStream err, TierSuggestions s, WhatIf.Prediction whatIf) {
    int width =
        Math.max(8, s.batches().stream().mapToInt(b -> b.batchId().length()).max().orElse(8));
    String spentKey = spentKey(s);
    String row = "%-" + width + "s  %4s  %-12s  %8s  %8s  %-12s  %s%s%n";
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            row,
            "batch",
            "wave",
            "tier",
            "p90 peak",
            "max peak",
            "suggested",
            spentKey == null ? "" : String.format("%-21s  ", spentHeader(spentKey)),
            "notes"));
    for (BatchSuggestion b : s.batches()) {
      StringBuilder notes = new StringBuilder(b.reason());
      if (b.oomKills() > 0) {
        notes.append(", ").append(Plural.of(b.oomKills(), "OOM kill"));
      }
      if (b.nearMisses() > 0) {
        notes.append(", ").append(Plural.of(b.nearMisses(), "near miss"));
      }
      if (b.memoryFlaky()) {
        notes.append(", memory-flaky");
      }
      t.append(
          String.format(
              row,
              b.batchId(),
              b.waveNumber(),
              tier(b.currentTier(), b.currentMemoryLimit()),
              size(b.p90PeakBytes()),
              size(b.peaksBytes().stream().max(Long::compare).orElse(null)),
              tier(b.suggestedTier(), b.suggestedMemoryLimit()) + (b.changes() ? " *" : ""),
              spentKey == null ? "" : String.format("%-21s  ", spent(b, spentKey)),
              notes));
    }
    if (s.batches().stream().anyMatch(BatchSuggestion::changes)) {
      t.append(
          String.format(
              "* a tier other than the one it ran with (--write-plan FILE writes them)%n"));
    }
    for (TierObservation o : s.tiers()) {
      t.append(
          String.format(
              Locale.ROOT,
              "tier %s: %s, %d measured, p90 %s, max %s, %s, %s, %.4f GiB-h unused%n",
              tier(o.tier(), o.memoryLimit()),
              Plural.of(o.attempts(), "attempt"),
              o.measured(),
              size(o.p90PeakBytes()),
              size(o.maxPeakBytes()),
              Plural.of(o.oomKills(), "OOM kill"),
              Plural.of(o.nearMisses(), "near miss"),
              o.wastedGibHours()));
    }
    t.append(
        String.format(
            Locale.ROOT,
            "%s %s: %.4f GiB-hours reserved and not used; %s without a measured peak%n",
            s.runs().size() == 1 ? "run" : "runs",
            String.join(", ", s.runs()),
            s.wastedGibHours(),
            Plural.of(s.unmeasuredAttempts(), "attempt")));
    usageLines(t, s);
    if (whatIf != null) {
      t.append(
          String.format(
              Locale.ROOT,
              "what-if (run %s, %s, budget %s, backfill %s s, %s): measured %.1f s, replayed as run %.1f s,"
                  + " predicted with suggested tiers %.1f s%n",
              whatIf.runId(),
              whatIf.schedule(),
              MemorySize.parse(whatIf.memoryBudget()).humanForm(),
              BigDecimal.valueOf(whatIf.backfillLimitSeconds())
                  .stripTrailingZeros()
                  .toPlainString(),
              Plural.of(whatIf.batches(), "batch"),
              whatIf.measuredSeconds(),
              whatIf.replayedAsRunSeconds(),
              whatIf.predictedSeconds()));
    }
    err.print(t);
    err.flush();
  }

  /** The usage key of the spent column: cost_usd where reported, else the first key; or none. */
  private static String spentKey(TierSuggestions s) {
    if (s.usage() == null) {
      return null;
    }
    return s.usage().containsKey(COST) ? COST : s.usage().keySet().iterator().next();
  }

  private static String spentHeader(String key) {
    return (key.equals(COST) ? "cost" : key) + " mean/p95";
  }

  /** "$0.12 / $0.31", or "-" when the batch's result files reported no such usage. */
  private static String spent(BatchSuggestion b, String key) {
    UsageFigures f = b.usage() == null ? null : b.usage().get(key);
    return f == null ? "-" : amount(key, f.mean()) + " / " + amount(key, f.p95());
  }

  /** A line per usage key, or one saying no result file reported usage (rather than zeros). */
  private static void usageLines(StringBuilder t, TierSuggestions s) {
    if (s.usage() == null) {
      t.append(
          String.format(
              "usage: no result file reported any (tokens, cost_usd): no spend per batch%n"));
      return;
    }
    s.usage()
        .forEach(
            (key, f) ->
                t.append(
                    String.format(
                        "%s per batch run: mean %s, p95 %s, %s in all (%s reported it)%n",
                        key,
                        amount(key, f.mean()),
                        amount(key, f.p95()),
                        amount(key, f.total()),
                        Plural.of(f.reported(), "batch run"))));
  }

  private static String amount(String key, BigDecimal value) {
    return (key.equals(COST) ? "$" : "") + value.toPlainString();
  }

  private static String tier(Integer tier, String limit) {
    return (tier == null ? "-" : String.valueOf(tier)) + " (" + (limit == null ? "?" : limit) + ")";
  }

  private static String size(Long bytes) {
    return bytes == null ? "-" : new MemorySize(bytes).humanForm();
  }
}
