package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.engine.EngineHealth.Verdict;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine is wedged when a probe that any working engine answers at once stays unanswered for a
 * probe limit after the engine answered a ping, or when container calls time out in a row and the
 * engine still answers a ping.
 */
class EngineHealthTest {

  private static final long LIMIT = 60_000_000_000L;
  private static final Duration PROBE_LIMIT = Duration.ofSeconds(5);

  private final EngineHealth health = new EngineHealth(3, PROBE_LIMIT);

  @Test
  void aProbeUnansweredForAProbeLimitAfterThePingAnsweredIsWedged() throws InterruptedException {
    FakeEngine engine = new FakeEngine(true, false, false);

    assertThat(health.probe(engine)).isEqualTo(Verdict.WEDGED);
    assertThat(health.verdict()).isEqualTo(Verdict.WEDGED);
    assertThat(engine.events)
        .as("one probe, waited for a probe limit before the ping and one after")
        .containsExactly("probe", "wait PT5S", "ping", "wait PT5S", "abandon");
  }

  @Test
  void aProbeThatAnswersClearsTheSuspicionWithoutAPing() throws InterruptedException {
    FakeEngine engine = new FakeEngine(true, true);

    assertThat(health.probe(engine)).isEqualTo(Verdict.HEALTHY);
    assertThat(engine.events).containsExactly("probe", "wait PT5S", "abandon");
  }

  @Test
  void aProbeAnsweredOnlyAfterThePingIsASlowEngineNotAWedgedOne() throws InterruptedException {
    FakeEngine engine = new FakeEngine(true, false, true);

    assertThat(health.probe(engine)).isEqualTo(Verdict.HEALTHY);
    assertThat(engine.events).contains("ping");
  }

  @Test
  void aProbeAndAPingBothUnansweredAreAPauseOrAHangWhichTheProbeRuleDoesNotJudge()
      throws InterruptedException {
    // dockerd stopped with SIGSTOP: nothing answers until it goes on again
    FakeEngine engine = new FakeEngine(false, false, false);

    assertThat(health.probe(engine)).isEqualTo(Verdict.HEALTHY);
    assertThat(engine.events).containsExactly("probe", "wait PT5S", "ping", "abandon");
  }

  @Test
  void anAnsweredProbeDoesNotBreakTheStreakOfContainerCallsThatTimeOut()
      throws InterruptedException {
    // a deadlock that holds only some containers' locks still answers the probe
    health.timedOut(0, LIMIT);
    assertThat(health.probe(new FakeEngine(true, true))).isEqualTo(Verdict.HEALTHY);
    health.timedOut(10, LIMIT + 10);
    assertThat(health.timedOut(LIMIT + 1, 2 * LIMIT + 1)).isTrue();

    assertThat(health.judge(true)).isEqualTo(Verdict.WEDGED);
  }

  @Test
  void noProbeIsSentOnceTheVerdictIsIn() throws InterruptedException {
    timeOutThreeInARow();
    health.judge(false);
    FakeEngine engine = new FakeEngine(true, false, false);

    assertThat(health.probe(engine)).isEqualTo(Verdict.HUNG);
    assertThat(engine.events).isEmpty();
  }

  @Test
  void theProbeLimitIsTheDefaultUnlessTheCallLimitIsLess() {
    assertThat(EngineHealth.probeLimit(Duration.ofSeconds(60)))
        .isEqualTo(EngineHealth.DEFAULT_PROBE_LIMIT);
    assertThat(EngineHealth.probeLimit(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void threeTimeoutsInARowOneOfThemBegunAfterTheFirstWithThePingAnsweringIsWedged() {
    assertThat(health.timedOut(0, LIMIT)).isFalse();
    assertThat(health.timedOut(10, LIMIT + 10)).isFalse();
    assertThat(health.timedOut(LIMIT + 1, 2 * LIMIT + 1)).isTrue();

    assertThat(health.judge(true)).isEqualTo(Verdict.WEDGED);
    assertThat(health.verdict()).isEqualTo(Verdict.WEDGED);
  }

  @Test
  void aPingThatDoesNotAnswerEitherIsHung() {
    timeOutThreeInARow();

    assertThat(health.judge(false)).isEqualTo(Verdict.HUNG);
  }

  @Test
  void fewerTimeoutsThanTheThresholdAreNotJudged() {
    health.timedOut(0, LIMIT);
    health.timedOut(LIMIT + 1, 2 * LIMIT + 1);

    assertThat(health.suspect()).isFalse();
    assertThat(health.judge(true)).isEqualTo(Verdict.HEALTHY);
  }

  @Test
  void anAnswerBetweenTimeoutsStartsTheCountAgain() {
    health.timedOut(0, LIMIT);
    health.timedOut(LIMIT + 1, 2 * LIMIT + 1);
    health.answered();

    assertThat(health.timedOut(2 * LIMIT + 2, 3 * LIMIT + 2)).isFalse();
    assertThat(health.judge(true)).isEqualTo(Verdict.HEALTHY);
  }

  @Test
  void timeoutsOfCallsAllBegunBeforeTheFirstTimedOutAreAPauseNotAWedge() {
    // A dockerd stopped for a while: every call in flight then times out, however many there are,
    // but none begun after the first timeout has had its whole limit yet.
    for (int call = 0; call < 10; call++) {
      assertThat(health.timedOut(call, LIMIT + call)).isFalse();
    }
    assertThat(health.judge(true)).isEqualTo(Verdict.HEALTHY);
  }

  @Test
  void theVerdictIsFinal() {
    timeOutThreeInARow();
    health.judge(true);
    health.answered();

    assertThat(health.verdict()).isEqualTo(Verdict.WEDGED);
    assertThat(health.judge(false)).as("a later ping does not change it").isEqualTo(Verdict.WEDGED);
  }

  @Test
  void aThresholdBelowOneOrNoProbeLimitIsRefused() {
    assertThatThrownBy(() -> new EngineHealth(0, PROBE_LIMIT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EngineHealth(3, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void timeOutThreeInARow() {
    health.timedOut(0, LIMIT);
    health.timedOut(LIMIT + 1, 2 * LIMIT + 1);
    health.timedOut(LIMIT + 2, 2 * LIMIT + 2);
  }

  /**
   * An engine whose ping answers as told and whose probe answers at the waits told (one boolean per
   * wait); it records what was asked of it, waits with their limits. No time passes.
   */
  private static final class FakeEngine implements EngineHealth.Engine {
    private final boolean pingAnswers;
    private final Deque<Boolean> probeAnswers;
    private final List<String> events = new ArrayList<>();

    FakeEngine(boolean pingAnswers, Boolean... probeAnswersAtEachWait) {
      this.pingAnswers = pingAnswers;
      this.probeAnswers = new ArrayDeque<>(Arrays.asList(probeAnswersAtEachWait));
    }

    @Override
    public EngineHealth.Answer probe() {
      events.add("probe");
      return new EngineHealth.Answer() {
        private boolean answered;

        @Override
        public boolean within(Duration limit) {
          events.add("wait " + limit);
          answered = answered || probeAnswers.remove();
          return answered;
        }

        @Override
        public void abandon() {
          events.add("abandon");
        }
      };
    }

    @Override
    public boolean ping() {
      events.add("ping");
      return pingAnswers;
    }
  }
}
