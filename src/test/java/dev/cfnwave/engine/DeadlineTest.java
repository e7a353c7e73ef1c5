package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every engine call has a deadline: a hung call fails the caller and is interrupted. */
class DeadlineTest {

  private final Deadline deadline =
      new Deadline(cause -> new EngineException("translated: " + cause.getMessage(), cause));

  @AfterEach
  void close() {
    deadline.close();
  }

  @Test
  void aPromptCallReturnsItsAnswer() {
    assertThat(deadline.call("info", Duration.ofSeconds(30), () -> "answer")).isEqualTo("answer");
  }

  @Test
  void aHungCallTimesOutAndIsInterrupted() throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);

    assertThatThrownBy(
            () ->
                deadline.call(
                    "inspect c1",
                    Duration.ofMillis(100),
                    () -> {
                      try {
                        never.await();
                      } catch (InterruptedException e) {
                        interrupted.countDown();
                      }
                      return "too late";
                    }))
        .isInstanceOf(EngineTimeoutException.class)
        .hasMessageStartingWith("inspect c1: the engine did not answer within");

    // the hung call's thread is freed, not left waiting on the engine
    assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aFailedCallIsTranslated() {
    assertThatThrownBy(
            () ->
                deadline.run(
                    "remove c1",
                    Duration.ofSeconds(30),
                    () -> {
                      throw new IllegalStateException("409 conflict");
                    }))
        .isInstanceOf(EngineException.class)
        .hasMessage("translated: 409 conflict")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void aCheckedFailureIsTranslatedToo() {
    assertThatThrownBy(
            () ->
                deadline.call(
                    "logs c1",
                    Duration.ofSeconds(30),
                    () -> {
                      throw new IOException("broken pipe");
                    }))
        .isInstanceOf(EngineException.class)
        .hasMessage("translated: broken pipe");
  }

  @Test
  void anInterruptedCallerStopsWaitingAndKeepsItsInterrupt() {
    CountDownLatch never = new CountDownLatch(1);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(
              () ->
                  deadline.call(
                      "start c1",
                      Duration.ofSeconds(30),
                      () -> {
                        never.await();
                        return null;
                      }))
          .isInstanceOf(EngineException.class)
          .isNotInstanceOf(EngineTimeoutException.class)
          .hasMessage("start c1: interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
