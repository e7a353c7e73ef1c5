package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.EngineWedgedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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

  @Test
  void containerCallsThatKeepTimingOutWhileThePingAnswersFailAsAWedgedEngineFromThenOn()
      throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (Deadline judged = judged(() -> true);
        ExecutorService caller = Executors.newSingleThreadExecutor()) {
      Future<?> inFlight =
          caller.submit(
              () ->
                  judged.containerCall(
                      "stop c9",
                      Duration.ofSeconds(60),
                      () -> {
                        never.await();
                        return null;
                      }));
      assertThatThrownBy(() -> hang(judged, "inspect c1", never))
          .isInstanceOf(EngineTimeoutException.class);
      assertThatThrownBy(() -> hang(judged, "inspect c2", never))
          .isInstanceOf(EngineTimeoutException.class);
      assertThatThrownBy(() -> hang(judged, "start c3", never))
          .isInstanceOf(EngineWedgedException.class)
          .isInstanceOf(dev.cfnwave.ToolFailureException.class)
          .hasMessage(EngineWedgedException.WEDGED);

      AtomicBoolean called = new AtomicBoolean();
      assertThatThrownBy(
              () ->
                  judged.call(
                      "list containers", Duration.ofSeconds(30), () -> called.getAndSet(true)))
          .as("every later call fails at once")
          .isInstanceOf(EngineWedgedException.class);
      assertThat(called).isFalse();
      assertThatThrownBy(() -> inFlight.get(30, TimeUnit.SECONDS))
          .as("a call in flight is cancelled, not left to its own limit")
          .hasCauseInstanceOf(EngineWedgedException.class);
    }
  }

  @Test
  void oneContainerCallThatTimesOutWithAProbeThatHangsWhileThePingAnswersIsAWedgedEngine()
      throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch probed = new CountDownLatch(1);
    CountDownLatch probeFreed = new CountDownLatch(1);
    Callable<?> hangingProbe =
        () -> {
          probed.countDown();
          try {
            never.await();
          } catch (InterruptedException e) {
            probeFreed.countDown();
          }
          return null;
        };
    try (Deadline judged = judged(hangingProbe, () -> true)) {
      assertThatThrownBy(() -> hang(judged, "remove c1", never))
          .as("the one removal of a cleanup of one container is enough for a verdict")
          .isInstanceOf(EngineWedgedException.class)
          .hasMessage(EngineWedgedException.WEDGED);
      assertThat(probed.getCount()).isZero();
      assertThat(probeFreed.await(30, TimeUnit.SECONDS)).as("the probe was abandoned").isTrue();
      assertThatThrownBy(() -> judged.call("list containers", Duration.ofSeconds(30), () -> 1))
          .isInstanceOf(EngineWedgedException.class);
    }
  }

  @Test
  void aContainerCallThatTimesOutWhileTheProbeAnswersIsATimeoutOnly() {
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger probes = new AtomicInteger();
    Callable<?> answeringProbe =
        () -> {
          probes.incrementAndGet();
          throw new IllegalStateException("404 no such container");
        };
    try (Deadline judged = judged(answeringProbe, () -> true)) {
      assertThatThrownBy(() -> hang(judged, "remove c1", never))
          .isInstanceOf(EngineTimeoutException.class);
      assertThat(probes).hasValue(1);
      assertThat(judged.call("list containers", Duration.ofSeconds(30), () -> 1)).isEqualTo(1);
    }
  }

  @Test
  void onceTheEngineIsWedgedNoCallFailsOnItsOwnSoCallersWarnAboutNone() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger probes = new AtomicInteger();
    Callable<?> hangingProbe =
        () -> {
          probes.incrementAndGet();
          never.await();
          return null;
        };
    List<String> warnings = new CopyOnWriteArrayList<>();
    AtomicInteger wedged = new AtomicInteger();
    try (Deadline judged = judged(hangingProbe, () -> true);
        ExecutorService callers = Executors.newCachedThreadPool()) {
      // as ExitWatcher and AttemptRunner do: a failed call is a warning, a wedged engine is not
      Function<Callable<?>, Runnable> caller =
          call ->
              () -> {
                try {
                  call.call();
                } catch (EngineWedgedException e) {
                  wedged.incrementAndGet();
                } catch (Exception e) {
                  warnings.add(e.getMessage());
                }
              };
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String stop = "stop c" + i;
        calls.add(
            callers.submit(
                caller.apply(
                    () ->
                        judged.containerCall(
                            stop,
                            Duration.ofSeconds(60),
                            () -> {
                              never.await();
                              return null;
                            }))));
      }
      for (int i = 0; i < 3; i++) {
        String inspect = "inspect c" + i;
        calls.add(callers.submit(caller.apply(() -> hang(judged, inspect, never))));
      }
      for (Future<?> call : calls) {
        call.get(30, TimeUnit.SECONDS);
      }
      caller.apply(() -> judged.containerCall("remove c9", Duration.ofSeconds(30), () -> 1)).run();
      caller.apply(() -> judged.call("list containers", Duration.ofSeconds(30), () -> 1)).run();
    }

    assertThat(warnings).as("no call failed on its own").isEmpty();
    assertThat(wedged).as("every call failed as the wedged engine").hasValue(8);
    assertThat(probes).as("the timeouts during the probe waited for it").hasValue(1);
  }

  @Test
  void containerCallsThatTimeOutWithAPingThatDoesNotAnswerEitherFailAsAHungEngine() {
    CountDownLatch never = new CountDownLatch(1);
    try (Deadline judged =
        judged(
            () -> {
              throw new IOException("no answer");
            })) {
      for (int i = 0; i < 2; i++) {
        String call = "inspect c" + i;
        assertThatThrownBy(() -> hang(judged, call, never))
            .isInstanceOf(EngineTimeoutException.class);
      }
      assertThatThrownBy(() -> hang(judged, "inspect c3", never))
          .isInstanceOf(EngineWedgedException.class)
          .hasMessage(EngineWedgedException.HUNG);
    }
  }

  @Test
  void timeoutsOfOtherCallsOrAnAnsweredContainerCallBetweenThemAreNoWedge() {
    CountDownLatch never = new CountDownLatch(1);
    try (Deadline judged = judged(() -> true)) {
      for (int i = 0; i < 4; i++) {
        assertThatThrownBy(
                () ->
                    judged.call(
                        "list containers",
                        Duration.ofMillis(50),
                        () -> {
                          never.await();
                          return null;
                        }))
            .isInstanceOf(EngineTimeoutException.class);
      }
      for (int i = 0; i < 4; i++) {
        String call = "inspect c" + i;
        assertThatThrownBy(() -> hang(judged, call, never))
            .isInstanceOf(EngineTimeoutException.class);
        assertThatThrownBy(
                () ->
                    judged.containerCall(
                        "inspect gone",
                        Duration.ofSeconds(30),
                        () -> {
                          throw new IllegalStateException("404 no such container");
                        }))
            .as("an error answer is an answer")
            .isNotInstanceOf(EngineWedgedException.class);
      }
    }
  }

  /** A probe that answers at once, as on a slow engine: only the streak rule can judge. */
  private static Deadline judged(Callable<Boolean> ping) {
    return judged(() -> "404", ping);
  }

  private static Deadline judged(Callable<?> probe, Callable<Boolean> ping) {
    return new Deadline(
        cause -> new EngineException("translated: " + cause.getMessage(), cause),
        new EngineHealth(3, Duration.ofMillis(100)),
        probe,
        ping);
  }

  private static Object hang(Deadline judged, String what, CountDownLatch never) {
    return judged.containerCall(
        what,
        Duration.ofMillis(50),
        () -> {
          never.await();
          return null;
        });
  }
}
