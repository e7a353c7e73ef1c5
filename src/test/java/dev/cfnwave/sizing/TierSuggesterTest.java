package dev.cfnwave.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TierSuggesterTest {

  private static final long MIB = 1L << 20;
  private static final TierTable TIERS =
      TierTable.fromEnvironment(
          Map.of(
              "CFN_TIER_1_MEMORY", "100m",
              "CFN_TIER_2_MEMORY", "200m",
              "CFN_TIER_3_MEMORY", "400m",
              "CFN_TIER_4_MEMORY", "800m"));
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final TierSuggester suggester = new TierSuggester(TIERS);

  @Test
  void theSmallestTierHoldingTheNinetiethPercentilePlusHeadroomIsSuggested() {
    // Ten runs of one batch on tier 3 (400m): peaks 10m..100m, the 90th percentile is 90m,
    // plus 15% is 103.5m: tier 1 (100m) is too small by the headroom alone, tier 2 holds it.
    List<RecordedRun> runs = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      runs.add(run("r" + i, batch("b", attempt(1, 3, 400, i * 10L * MIB, "success"))));
    }

    BatchSuggestion b = suggester.suggest(runs).batches().get(0);

    assertThat(b.p90PeakBytes()).isEqualTo(90 * MIB);
    assertThat(b.neededBytes()).isEqualTo((long) Math.ceil(90 * MIB * 1.15));
    assertThat(b.suggestedTier()).isEqualTo(2);
    assertThat(b.suggestedMemoryLimit()).isEqualTo("200m");
    assertThat(b.reason()).isEqualTo("measured");
    assertThat(b.changes()).isTrue();
    assertThat(b.currentTier()).isEqualTo(3);
  }

  @Test
  void anOomKillBumpsAboveTheLimitItWasKilledAtAndMarksTheBatchMemoryFlaky() {
    RecordedRun run =
        run(
            "r",
            batch(
                "b",
                attempt(1, 1, 100, 100 * MIB, "oom_killed"),
                attempt(2, 2, 200, 30 * MIB, "success")));

    BatchSuggestion b = suggester.suggest(List.of(run)).batches().get(0);

    assertThat(b.peaksBytes()).as("an OOM kill's peak is only its limit").containsExactly(30 * MIB);
    assertThat(b.suggestedTier()).isEqualTo(2);
    assertThat(b.reason()).isEqualTo("oom_bump");
    assertThat(b.oomKills()).isEqualTo(1);
    assertThat(b.memoryFlaky()).isTrue();
  }

  @Test
  void killedOnEveryTierIsNotFlakyAndGetsTheLargestTier() {
    RecordedRun run = run("r", batch("b", attempt(1, 4, 800, 800 * MIB, "oom_killed")));

    BatchSuggestion b = suggester.suggest(List.of(run)).batches().get(0);

    assertThat(b.memoryFlaky()).isFalse();
    assertThat(b.suggestedTier()).isEqualTo(4);
    assertThat(b.reason()).isEqualTo("no_larger_tier");
  }

  @Test
  void aPeakAtNinetyPercentOfTheLimitIsANearMiss() {
    RecordedRun run =
        run(
            "r",
            batch("close", attempt(1, 1, 100, 90 * MIB, "success")),
            batch("roomy", attempt(1, 1, 100, 89 * MIB, "success")));

    TierSuggestions s = suggester.suggest(List.of(run));

    assertThat(s.batches().get(0).nearMisses()).isEqualTo(1);
    assertThat(s.batches().get(1).nearMisses()).isZero();
    assertThat(s.tiers()).singleElement().satisfies(t -> assertThat(t.nearMisses()).isEqualTo(1));
  }

  @Test
  void wasteIsTheUnusedLimitOverTheTimeHeldInGibHours() {
    RecordedAttempt hour =
        new RecordedAttempt(
            1, 4, 1024 * MIB, 256 * MIB, "success", T0, T0.plus(Duration.ofHours(1)));

    TierSuggestions s = suggester.suggest(List.of(run("r", batch("b", hour))));

    assertThat(s.wastedGibHours()).isCloseTo(0.75, within(1e-6));
    assertThat(s.batches().get(0).wastedGibHours()).isCloseTo(0.75, within(1e-6));
  }

  @Test
  void aBatchWithoutAMeasuredPeakKeepsItsTier() {
    RecordedRun run = run("r", batch("b", attempt(1, 3, 400, null, "success")));

    TierSuggestions s = suggester.suggest(List.of(run));

    assertThat(s.batches().get(0).suggestedTier()).isEqualTo(3);
    assertThat(s.batches().get(0).reason()).isEqualTo("not_measured");
    assertThat(s.batches().get(0).changes()).isFalse();
    assertThat(s.unmeasuredAttempts()).isEqualTo(1);
  }

  @Test
  void perTierObservationsGroupTheAttemptsOfEachTier() {
    RecordedRun run =
        run(
            "r",
            batch("a", attempt(1, 1, 100, 40 * MIB, "success")),
            batch("b", attempt(1, 1, 100, 60 * MIB, "success")),
            batch("c", attempt(1, 3, 400, 10 * MIB, "success")));

    List<TierObservation> tiers = suggester.suggest(List.of(run)).tiers();

    assertThat(tiers).extracting(TierObservation::tier).containsExactly(1, 3);
    assertThat(tiers.get(0).attempts()).isEqualTo(2);
    assertThat(tiers.get(0).maxPeakBytes()).isEqualTo(60 * MIB);
    assertThat(tiers.get(1).memoryLimit()).isEqualTo("400m");
  }

  @Test
  void eachBatchsSpendPerRunHasItsMeanP95AndTotalAndTheRunsTheirs() {
    // b spent 0.10, 0.30 and 0.20 in three runs; c reported tokens in one run only.
    List<RecordedRun> runs = new ArrayList<>();
    String[] costs = {"0.10", "0.30", "0.20"};
    for (int i = 0; i < 3; i++) {
      runs.add(
          run(
              "r" + i,
              spent(batch("b", attempt(1, 1, 100, 10 * MIB, "success")), "cost_usd", costs[i]),
              i == 0
                  ? spent(batch("c", attempt(1, 1, 100, 10 * MIB, "success")), "input_tokens", "7")
                  : batch("c", attempt(1, 1, 100, 10 * MIB, "success"))));
    }

    TierSuggestions s = suggester.suggest(runs);

    UsageFigures b = s.batches().get(0).usage().get("cost_usd");
    assertThat(b.reported()).isEqualTo(3);
    assertThat(b.mean()).isEqualByComparingTo("0.2");
    assertThat(b.p95()).isEqualByComparingTo("0.3");
    assertThat(b.total()).isEqualByComparingTo("0.6");
    assertThat(s.batches().get(1).usage()).containsOnlyKeys("input_tokens");
    assertThat(s.batches().get(1).usage().get("input_tokens").reported()).isEqualTo(1);
    assertThat(s.usage().keySet()).containsExactly("input_tokens", "cost_usd");
    assertThat(s.usage().get("cost_usd").total()).isEqualByComparingTo("0.6");
    assertThat(s.usage().get("input_tokens").mean()).isEqualByComparingTo("7");
  }

  @Test
  void withoutReportedUsageThereAreNoFiguresRatherThanZeros() {
    RecordedRun run = run("r", batch("b", attempt(1, 1, 100, 10 * MIB, "success")));

    TierSuggestions s = suggester.suggest(List.of(run));

    assertThat(s.usage()).isNull();
    assertThat(s.batches().get(0).usage()).isNull();
  }

  @Test
  void theP95IsANearestRankAndTheMeanIsExact() {
    List<Map<String, BigDecimal>> spends = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      spends.add(Map.of("cost_usd", BigDecimal.valueOf(i)));
    }
    spends.add(Map.of());

    UsageFigures f = UsageFigures.of(spends).get("cost_usd");

    assertThat(f.reported()).isEqualTo(20);
    assertThat(f.p95()).isEqualByComparingTo("19");
    assertThat(f.mean()).isEqualByComparingTo("10.5");
    assertThat(f.total().toString()).isEqualTo("210");
  }

  private static RecordedBatch spent(RecordedBatch b, String key, String amount) {
    return new RecordedBatch(
        b.batchId(),
        b.waveNumber(),
        b.finalStatus(),
        b.attempts(),
        Map.of(key, new BigDecimal(amount)));
  }

  private static RecordedAttempt attempt(int n, int tier, long limitMib, Long peak, String status) {
    return new RecordedAttempt(
        n, tier, limitMib * MIB, peak, status, T0, T0.plus(Duration.ofSeconds(60)));
  }

  private static RecordedBatch batch(String id, RecordedAttempt... attempts) {
    return new RecordedBatch(id, 1, attempts[attempts.length - 1].exitStatus(), List.of(attempts));
  }

  private static RecordedRun run(String id, RecordedBatch... batches) {
    return new RecordedRun(
        id,
        Path.of(id),
        "waves",
        MemorySize.parse("1g"),
        TIERS,
        Duration.ofMinutes(1),
        List.of(batches));
  }
}
