package dev.cfnwave.engine;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs each Engine API call on a thread of its own and waits at most a set time for it:
 * docker-java's own timeouts do nothing on a unix socket, so a hung engine would hang the caller. A
 * call that outlives its deadline is interrupted, which closes its socket channel and frees the
 * thread.
 *
 * <p>With an {@link EngineHealth}, container calls also tell it how they ended; once it judges the
 * engine wedged (a ping decides how), every call in flight is cancelled and every call fails with
 * {@link EngineWedgedException}, so that callers stop instead of blaming each container.
 *
 * <p>The threads are pooled daemon platform threads, not virtual ones: socket I/O on a virtual
 * thread starts the JDK's poller thread, which sits in native epoll_wait for the rest of the
 * process, and the JVM waits 300 ms at exit for any thread in native code. Every command would pay
 * that.
 */
final class Deadline implements AutoCloseable {

  private static final Duration PING_LIMIT = Duration.ofSeconds(5);

  private final ExecutorService calls =
      Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("engine-call-", 0).factory());
  private final Function<Throwable, RuntimeException> translate;
  private final EngineHealth health;
  private final Callable<Boolean> ping;
  private final Set<Future<?>> inFlight = ConcurrentHashMap.newKeySet();

  /** Deadlines only: no health judgement. */
  Deadline(Function<Throwable, RuntimeException> translate) {
    this(translate, null, null);
  }

  /**
   * Deadlines, and container calls judged by {@code health}; {@code ping} answers true or fails.
   */
  Deadline(
      Function<Throwable, RuntimeException> translate,
      EngineHealth health,
      Callable<Boolean> ping) {
    this.translate = translate;
    this.health = health;
    this.ping = ping;
  }

  <T> T call(String what, Duration limit, Callable<T> call) {
    return call(what, limit, false, call);
  }

  /** A call on a container (create, start, inspect, stop, remove): its outcome tells the health. */
  <T> T containerCall(String what, Duration limit, Callable<T> call) {
    return call(what, limit, true, call);
  }

  void run(String what, Duration limit, Runnable call) {
    call(what, limit, false, asCallable(call));
  }

  void runContainerCall(String what, Duration limit, Action call) {
    call(
        what,
        limit,
        true,
        () -> {
          call.run();
          return null;
        });
  }

  /** A call that answers nothing and may fail as I/O does. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  private <T> T call(String what, Duration limit, boolean onContainer, Callable<T> call) {
    requireAnswering();
    boolean judged = onContainer && health != null;
    long startedAt = System.nanoTime();
    Future<T> future = calls.submit(call);
    inFlight.add(future);
    try {
      T result = future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      if (judged) {
        health.answered();
      }
      return result;
    } catch (TimeoutException e) {
      future.cancel(true);
      if (judged && health.timedOut(startedAt, System.nanoTime())) {
        judge();
      }
      throw new EngineTimeoutException(
          what + ": the engine did not answer within " + limit.toSeconds() + " s");
    } catch (CancellationException e) {
      requireAnswering();
      throw new EngineException(what + ": cancelled");
    } catch (ExecutionException e) {
      RuntimeException failure = translate.apply(e.getCause());
      if (judged && !(failure instanceof EngineUnavailableException)) {
        health.answered();
      }
      throw failure;
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new EngineException(what + ": interrupted");
    } finally {
      inFlight.remove(future);
    }
  }

  /** A suspect engine: pings it, and when the verdict is in, cancels what is in flight. */
  private void judge() {
    EngineHealth.Verdict verdict = health.judge(pingAnswers());
    if (verdict != EngineHealth.Verdict.HEALTHY) {
      inFlight.forEach(f -> f.cancel(true));
      throw EngineWedgedException.of(verdict);
    }
  }

  private boolean pingAnswers() {
    Future<Boolean> answer = calls.submit(ping);
    try {
      return answer.get(PING_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      answer.cancel(true);
      return false;
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Throws {@link EngineWedgedException} once the engine is judged wedged. */
  void requireAnswering() {
    if (health != null && health.verdict() != EngineHealth.Verdict.HEALTHY) {
      throw EngineWedgedException.of(health.verdict());
    }
  }

  private static Callable<Void> asCallable(Runnable call) {
    return () -> {
      call.run();
      return null;
    };
  }

  @Override
  public void close() {
    calls.shutdownNow();
  }
}
