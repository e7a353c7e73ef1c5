package dev.cfnwave.cli;

import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.sizing.BatchSuggestion;
import dev.cfnwave.sizing.TierObservation;
import dev.cfnwave.sizing.TierSuggestions;
import dev.cfnwave.sizing.WhatIf;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Locale;

/** tiers suggest's table on stderr: one row per batch, one per tier seen, the totals. */
final class TiersTable {

  private TiersTable() {}

  static void print(PrintStream err, TierSuggestions s, WhatIf.Prediction whatIf) {
    int width =
        Math.max(8, s.batches().stream().mapToInt(b -> b.batchId().length()).max().orElse(8));
    String row = "%-" + width + "s  %4s  %-12s  %8s  %8s  %-12s  %s%n";
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(row, "batch", "wave", "tier", "p90 peak", "max peak", "suggested", "notes"));
    for (BatchSuggestion b : s.batches()) {
      StringBuilder notes = new StringBuilder(b.reason());
      if (b.oomKills() > 0) {
        notes.append(", ").append(b.oomKills()).append(" oom");
      }
      if (b.nearMisses() > 0) {
        notes.append(", ").append(b.nearMisses()).append(" near miss");
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
              notes));
    }
    for (TierObservation o : s.tiers()) {
      t.append(
          String.format(
              Locale.ROOT,
              "tier %s: %d attempts, %d measured, p90 %s, max %s, %d oom, %d near miss, %.4f GiB-h unused%n",
              tier(o.tier(), o.memoryLimit()),
              o.attempts(),
              o.measured(),
              size(o.p90PeakBytes()),
              size(o.maxPeakBytes()),
              o.oomKills(),
              o.nearMisses(),
              o.wastedGibHours()));
    }
    t.append(
        String.format(
            Locale.ROOT,
            "runs %s: %.4f GiB-hours reserved and not used; %d attempts without a measured peak%n",
            String.join(", ", s.runs()),
            s.wastedGibHours(),
            s.unmeasuredAttempts()));
    if (whatIf != null) {
      t.append(
          String.format(
              Locale.ROOT,
              "what-if (run %s, %s, budget %s, backfill %s s, %d batches): measured %.1f s, replayed as run %.1f s,"
                  + " predicted with suggested tiers %.1f s%n",
              whatIf.runId(),
              whatIf.schedule(),
              whatIf.memoryBudget(),
              BigDecimal.valueOf(whatIf.backfillLimitSeconds())
                  .stripTrailingZeros()
                  .toPlainString(),
              whatIf.batches(),
              whatIf.measuredSeconds(),
              whatIf.replayedAsRunSeconds(),
              whatIf.predictedSeconds()));
    }
    err.print(t);
    err.flush();
  }

  private static String tier(Integer tier, String limit) {
    return (tier == null ? "-" : String.valueOf(tier)) + " (" + (limit == null ? "?" : limit) + ")";
  }

  private static String size(Long bytes) {
    return bytes == null ? "-" : new MemorySize(bytes).humanForm();
  }
}
