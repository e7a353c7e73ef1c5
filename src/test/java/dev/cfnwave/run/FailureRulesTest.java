package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.FailureRule;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which failure rule fires, what the retry policy does with it, and the backoff retry_after asks.
 */
class FailureRulesTest {

  private static final Batch BATCH = new Batch("b", 1, MemorySize.parse("100m"), List.of(), "p");
  private static final FailureRules RULES =
      new FailureRules(Set.of(3L, 137L), List.of("quota exceeded", "^FATAL"));

  private static RetryPolicy policy(ExitStatus... on) {
    return new RetryPolicy(
        2,
        Set.of(on),
        Duration.ofSeconds(2),
        false,
        TierTable.fromEnvironment(Map.of("CFN_TIER_1_MEMORY", "100m")),
        MemorySize.parse("1g"));
  }

  @Test
  void aListedExitCodeOfAFailedAttemptFiresItsRule() {
    assertThat(RULES.judge(ExitStatus.FAILED, 3L, null)).isEqualTo(FailureRule.retryOnExit(3));
    assertThat(RULES.judge(ExitStatus.FAILED, 4L, null)).isNull();
    assertThat(RULES.judge(ExitStatus.OOM_KILLED, 137L, null))
        .as("only a failed attempt is retried by an exit rule")
        .isNull();
    assertThat(RULES.judge(ExitStatus.RATE_LIMITED, 3L, null)).isNull();
  }

  @Test
  void aLogMatchWinsOverTheExitCode() {
    FailureRule match = RULES.logMatch("starting\nerror: quota exceeded for key\n");

    assertThat(match).isEqualTo(FailureRule.failFastOnLog("quota exceeded"));
    assertThat(RULES.judge(ExitStatus.FAILED, 3L, match)).isEqualTo(match);
    assertThat(RULES.logMatch("x\nFATAL: no disk\n"))
        .as("patterns see each line's start")
        .isEqualTo(FailureRule.failFastOnLog("^FATAL"));
    assertThat(RULES.logMatch("all good\nnot FATAL\n")).isNull();
  }

  @Test
  void onlyFailuresARetryMightFollowHaveTheirLogSearched() {
    assertThat(RULES.scansLogOf(ExitStatus.FAILED)).isTrue();
    assertThat(RULES.scansLogOf(ExitStatus.TIMEOUT)).isTrue();
    assertThat(RULES.scansLogOf(ExitStatus.SUCCESS)).isFalse();
    assertThat(RULES.scansLogOf(ExitStatus.RATE_LIMITED)).isFalse();
    assertThat(FailureRules.NONE.scansLogOf(ExitStatus.FAILED)).isFalse();
  }

  @Test
  void anExitRuleRetriesAFailureItsClassesDoNotList() {
    RetryPolicy onlyExitRules = policy();

    assertThat(onlyExitRules.decide(ExitStatus.FAILED, FailureRule.retryOnExit(3), 1, BATCH))
        .isInstanceOf(RetryPolicy.Retry.class);
    assertThat(onlyExitRules.decide(ExitStatus.FAILED, null, 1, BATCH))
        .isEqualTo(new RetryPolicy.Settle());
    assertThat(onlyExitRules.decide(ExitStatus.FAILED, FailureRule.retryOnExit(3), 3, BATCH))
        .as("within --retries")
        .isEqualTo(new RetryPolicy.Settle());
  }

  @Test
  void aLogMatchSettlesWithItsReasonWhateverRetriesAreLeft() {
    var decision =
        policy(ExitStatus.FAILED)
            .decide(ExitStatus.FAILED, FailureRule.failFastOnLog("quota"), 1, BATCH);

    assertThat(decision)
        .isEqualTo(new RetryPolicy.Settle("log matched --fail-fast-on-log 'quota'"));
  }

  @Test
  void onlyTheLastMebibyteOfALogIsSearched(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("a.log");
    String head = "quota exceeded\n";
    Files.writeString(log, head + "x".repeat(FailureRules.SCANNED_BYTES) + "\nend\n");

    String tail = FailFastLogs.tail(log);

    assertThat(tail.getBytes(StandardCharsets.UTF_8)).hasSize(FailureRules.SCANNED_BYTES);
    assertThat(RULES.logMatch(tail)).isNull();
  }

  @Test
  void retryAfterSecondsLengthensTheBackoffUpToFifteenMinutes() {
    PoolSettings pools =
        new PoolSettings(
            Map.of(),
            Set.of(75L),
            Duration.ofMinutes(10),
            Duration.ofSeconds(1),
            Duration.ofSeconds(4),
            new SplittableRandom(3));

    assertThat(pools.backoff(1, new BigDecimal("30"))).isEqualTo(Duration.ofSeconds(30));
    assertThat(pools.backoff(1, new BigDecimal("0.0015")))
        .as("the drawn backoff when it is longer")
        .isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(pools.backoff(1, new BigDecimal("99999"))).isEqualTo(PoolSettings.MAX_RETRY_AFTER);
    assertThat(pools.backoff(3, null)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
  }
}
