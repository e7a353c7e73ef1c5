package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.report.ExitStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final TierTable TIERS =
      TierTable.fromEnvironment(
          Map.of(
              "CFN_TIER_1_MEMORY", "100m", "CFN_TIER_2_MEMORY", "200m", "CFN_TIER_3_MEMORY", "4g"));
  private static final Batch TIER_1 =
      new Batch("b", 1, MemorySize.parse("100m"), List.of(), "prompt");

  private static RetryPolicy policy(int retries, boolean escalate, ExitStatus... on) {
    return new RetryPolicy(
        retries, Set.of(on), Duration.ofSeconds(2), escalate, TIERS, MemorySize.parse("1g"));
  }

  @Test
  void aRetriedOutcomeIsRetriedInTheSameShapeAfterTheBackoff() {
    var decision = policy(2, false, ExitStatus.FAILED).decide(ExitStatus.FAILED, 1, TIER_1);

    assertThat(decision).isEqualTo(new RetryPolicy.Retry(Duration.ofSeconds(2), TIER_1, false));
  }

  @Test
  void theBackoffDoublesForEachFurtherAttempt() {
    RetryPolicy policy = policy(5, false, ExitStatus.FAILED);

    assertThat(policy.decide(ExitStatus.FAILED, 2, TIER_1))
        .isEqualTo(new RetryPolicy.Retry(Duration.ofSeconds(4), TIER_1, false));
    assertThat(policy.decide(ExitStatus.FAILED, 3, TIER_1))
        .isEqualTo(new RetryPolicy.Retry(Duration.ofSeconds(8), TIER_1, false));
  }

  @Test
  void aBatchSettlesOnceItsRetriesAreUsedUp() {
    RetryPolicy policy = policy(2, false, ExitStatus.FAILED);

    assertThat(policy.decide(ExitStatus.FAILED, 2, TIER_1)).isInstanceOf(RetryPolicy.Retry.class);
    assertThat(policy.decide(ExitStatus.FAILED, 3, TIER_1)).isEqualTo(new RetryPolicy.Settle());
  }

  @Test
  void successAndOutcomesNotAskedForSettle() {
    RetryPolicy policy = policy(3, false, ExitStatus.FAILED);

    assertThat(policy.decide(ExitStatus.SUCCESS, 1, TIER_1)).isEqualTo(new RetryPolicy.Settle());
    assertThat(policy.decide(ExitStatus.OOM_KILLED, 1, TIER_1)).isEqualTo(new RetryPolicy.Settle());
    assertThat(policy.decide(ExitStatus.TIMEOUT, 1, TIER_1)).isEqualTo(new RetryPolicy.Settle());
  }

  @Test
  void aRejectedAttemptSettlesEvenWhenRejectionsAreAskedToBeRetried() {
    RetryPolicy policy = policy(3, false, ExitStatus.FAILED, ExitStatus.REJECTED);

    assertThat(policy.decide(ExitStatus.REJECTED, 1, TIER_1)).isEqualTo(new RetryPolicy.Settle());
  }

  @Test
  void noRetriesMeansEveryOutcomeSettles() {
    assertThat(policy(0, true, ExitStatus.FAILED).decide(ExitStatus.FAILED, 1, TIER_1))
        .isEqualTo(new RetryPolicy.Settle());
  }

  @Test
  void anOomKillIsRetriedOneTierUpWhenEscalating() {
    var decision = policy(1, true, ExitStatus.OOM_KILLED).decide(ExitStatus.OOM_KILLED, 1, TIER_1);

    assertThat(decision)
        .isEqualTo(
            new RetryPolicy.Retry(
                Duration.ofSeconds(2), TIER_1.withMemory(2, MemorySize.parse("200m")), false));
  }

  @Test
  void withoutEscalationAnOomKillIsRetriedInTheSameShape() {
    assertThat(policy(1, false, ExitStatus.OOM_KILLED).decide(ExitStatus.OOM_KILLED, 1, TIER_1))
        .isEqualTo(new RetryPolicy.Retry(Duration.ofSeconds(2), TIER_1, false));
  }

  @Test
  void aFailureIsNotEscalated() {
    assertThat(policy(1, true, ExitStatus.FAILED).decide(ExitStatus.FAILED, 1, TIER_1))
        .isEqualTo(new RetryPolicy.Retry(Duration.ofSeconds(2), TIER_1, false));
  }

  @Test
  void aTierAboveTheBudgetIsNoEscalationAndSaysSo() {
    Batch tier2 = TIER_1.withMemory(2, MemorySize.parse("200m"));

    var decision = policy(1, true, ExitStatus.OOM_KILLED).decide(ExitStatus.OOM_KILLED, 1, tier2);

    assertThat(decision).isEqualTo(new RetryPolicy.Retry(Duration.ofSeconds(2), tier2, true));
  }
}
