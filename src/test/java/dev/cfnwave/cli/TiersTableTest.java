package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.sizing.BatchSuggestion;
import dev.cfnwave.sizing.TierObservation;
import dev.cfnwave.sizing.TierSuggestions;
import dev.cfnwave.sizing.UsageFigures;
import dev.cfnwave.sizing.WhatIf;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** tiers suggest's table: counts agree with their nouns, the star has a legend, sizes are human. */
class TiersTableTest {

  private static final long MIB = 1024 * 1024;

  private static BatchSuggestion batch(String id, int tier, int suggested, int ooms, int nears) {
    return new BatchSuggestion(
        id,
        1,
        tier,
        tier == 3 ? "256m" : "64m",
        1,
        List.of(4136 * 1024L),
        4136 * 1024L,
        5 * MIB,
        suggested,
        suggested == 3 ? "256m" : "64m",
        "measured",
        ooms,
        nears,
        false,
        0.000302);
  }

  private static String print(List<BatchSuggestion> batches, WhatIf.Prediction whatIf) {
    var tiers =
        List.of(new TierObservation(3, "256m", 1, 1, 4136 * 1024L, 4136 * 1024L, 1, 1, 0.000302));
    var suggestions = new TierSuggestions(List.of("r1"), 90, 0.15, batches, tiers, 0.000302, 1);
    var bytes = new ByteArrayOutputStream();
    TiersTable.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), suggestions, whatIf);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void oneOfEachIsSingularAndTheStarIsExplained() {
    var whatIf = new WhatIf.Prediction("r1", "waves", "21694m", 1, 22.8, 22.8, 15.9, 60);
    String table = print(List.of(batch("hog-1", 3, 1, 1, 1)), whatIf);

    assertThat(table)
        .contains("hog-1        1  3 (256m)           4MB       4MB  1 (64m) *     measured,")
        .contains("1 OOM kill, 1 near miss\n")
        .contains("\n* a tier other than the one it ran with (--write-plan FILE writes them)\n")
        .contains(
            "tier 3 (256m): 1 attempt, 1 measured, p90 4MB, max 4MB, 1 OOM kill, 1 near miss,")
        .contains("run r1: 0.0003 GiB-hours reserved and not used; 1 attempt without")
        .contains("what-if (run r1, waves, budget 21.2GB, backfill 60 s, 1 batch): measured 22.8 s")
        .doesNotContain(" attempts,", "1 batches", "4136k", "21694m");
  }

  @Test
  void withoutReportedUsageTheTableSaysSoInsteadOfZeros() {
    String table = print(List.of(batch("fits", 1, 1, 0, 0)), null);

    assertThat(table)
        .contains("usage: no result file reported any (tokens, cost_usd): no spend per batch\n")
        .doesNotContain("cost mean/p95")
        .doesNotContain("$0");
  }

  @Test
  void reportedCostIsAColumnBesideTheMemoryAndALinePerKey() {
    var cost =
        new UsageFigures(3, new BigDecimal("0.2"), new BigDecimal("0.3"), new BigDecimal("0.6"));
    var tokens = new UsageFigures(1, new BigDecimal("7"), new BigDecimal("7"), new BigDecimal("7"));
    BatchSuggestion spent = withUsage(batch("spent", 1, 1, 0, 0), Map.of("cost_usd", cost));
    BatchSuggestion silent = batch("silent", 1, 1, 0, 0);
    Map<String, UsageFigures> all = new LinkedHashMap<>();
    all.put("input_tokens", tokens);
    all.put("cost_usd", cost);
    var suggestions =
        new TierSuggestions(List.of("r1"), 90, 0.15, List.of(spent, silent), List.of(), 0, 0, all);
    var bytes = new ByteArrayOutputStream();
    TiersTable.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), suggestions, null);
    String table = bytes.toString(StandardCharsets.UTF_8);

    assertThat(table)
        .contains("suggested     cost mean/p95          notes")
        .contains("1 (64m)       $0.2 / $0.3            measured")
        .contains("1 (64m)       -                      measured")
        .contains("input_tokens per batch run: mean 7, p95 7, 7 in all (1 batch run reported it)")
        .contains(
            "cost_usd per batch run: mean $0.2, p95 $0.3, $0.6 in all (3 batch runs reported it)");
  }

  private static BatchSuggestion withUsage(BatchSuggestion b, Map<String, UsageFigures> usage) {
    return new BatchSuggestion(
        b.batchId(),
        b.waveNumber(),
        b.currentTier(),
        b.currentMemoryLimit(),
        b.attempts(),
        b.peaksBytes(),
        b.p90PeakBytes(),
        b.neededBytes(),
        b.suggestedTier(),
        b.suggestedMemoryLimit(),
        b.reason(),
        b.oomKills(),
        b.nearMisses(),
        b.memoryFlaky(),
        b.wastedGibHours(),
        usage);
  }

  @Test
  void noStarNoLegend() {
    String table = print(List.of(batch("fits", 1, 1, 0, 0)), null);

    assertThat(table).doesNotContain("*");
  }
}
