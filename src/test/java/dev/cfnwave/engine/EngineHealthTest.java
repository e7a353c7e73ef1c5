package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.engine.EngineHealth.Verdict;
import org.junit.jupiter.api.Test;

/** When container calls time out in a row and the engine still answers a ping, it is wedged. */
class EngineHealthTest {

  private static final long LIMIT = 60_000_000_000L;

  private final EngineHealth health = new EngineHealth(3);

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
  void aThresholdBelowOneIsRefused() {
    assertThatThrownBy(() -> new EngineHealth(0)).isInstanceOf(IllegalArgumentException.class);
  }

  private void timeOutThreeInARow() {
    health.timedOut(0, LIMIT);
    health.timedOut(LIMIT + 1, 2 * LIMIT + 1);
    health.timedOut(LIMIT + 2, 2 * LIMIT + 2);
  }
}
