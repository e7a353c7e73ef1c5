package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.attempt.BatchContainers;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.AttemptEnd;
import dev.cfnwave.run.journal.BatchRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a batch stops going back to the queue for "network full" answers. */
class NetworkFullLimitTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String FULL = "exchange full";

  private final Batch batch = new Batch("a", 1, MemorySize.parse("100m"), List.of(), "p");
  private final BatchRun run = new BatchRun(batch, 1, 0);
  private final NetworkFullLimit limit = new NetworkFullLimit();

  @Test
  void thirtyAnswersInARowRequeueTheThirtyFirstEndsTheAttempt() {
    Instant now = T0;
    for (int i = 0; i < NetworkFullLimit.MOST_IN_A_ROW; i++) {
      launch();
      assertThat(limit.giveUp(run, FULL, now)).isEmpty();
      run.requeued(FULL, now, now);
      now = now.plusSeconds(2);
    }
    launch();

    Optional<String> reason = limit.giveUp(run, FULL, now);

    assertThat(reason)
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .contains("31 starts in a row over 60 s")
                    .contains("cfn-wave doctor")
                    .endsWith(FULL));
  }

  @Test
  void answersFarApartEndTheAttemptAfterTheLongestWait() {
    launch();
    assertThat(limit.giveUp(run, FULL, T0)).isEmpty();
    run.requeued(FULL, T0, T0);
    launch();

    assertThat(limit.giveUp(run, FULL, T0.plus(NetworkFullLimit.LONGEST))).isPresent();
  }

  @Test
  void aStartBetweenAnswersBeginsANewRow() {
    for (int i = 0; i < NetworkFullLimit.MOST_IN_A_ROW; i++) {
      launch();
      limit.giveUp(run, FULL, T0);
      run.requeued(FULL, T0, T0);
    }
    launch();
    run.started("h1", T0, T0);
    run.ended(AttemptEnd.spawnFailed("boom"), T0);
    run.retry(batch, T0);
    Instant later = T0.plus(Duration.ofHours(1));
    launch();

    assertThat(run.networkFullInARow()).isZero();
    assertThat(limit.giveUp(run, FULL, later)).isEmpty();
  }

  @Test
  void aResumedBatchKeepsItsCountButNotTheTimeStopped() {
    // What a resume replays from the journal: thirty requeues, then hours stopped.
    for (int i = 0; i < NetworkFullLimit.MOST_IN_A_ROW - 1; i++) {
      launch();
      run.requeued(FULL, T0, T0);
    }
    NetworkFullLimit afterResume = new NetworkFullLimit();
    Instant resumedAt = T0.plus(Duration.ofHours(3));
    launch();

    assertThat(afterResume.giveUp(run, FULL, resumedAt)).isEmpty();
    run.requeued(FULL, resumedAt, resumedAt);
    launch();
    assertThat(afterResume.giveUp(run, FULL, resumedAt.plusSeconds(2))).isPresent();
  }

  private void launch() {
    int number = run.attempts().size() + 1;
    run.starting(
        new Attempt(
            number,
            batch,
            BatchContainers.containerName(1, "a", "unit", number),
            "fake:latest",
            null),
        T0);
  }
}
