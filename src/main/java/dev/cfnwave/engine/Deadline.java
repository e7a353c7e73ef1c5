package dev.cfnwave.engine;

import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.EngineUnavailableException;
import dev.cfnwave.backend.EngineWedgedException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs each Engine API call on a thread of its own and waits at most a set time for it:
 * docker-java's own timeouts do nothing on a unix socket, so a hung engine would hang the caller. A
 * call that outlives its deadline is interrupted, which closes its socket channel and frees the
 * thread.
 *
 * <p>With an {@link EngineHealth}, container calls also tell it how they ended, and each container
 * call that times out has the engine probed (a call that times out while a probe is under way waits
 * for its outcome instead of sending another). Once the engine is judged wedged, every call in
 * flight is cancelled and every call fails with {@link EngineWedgedException}, whatever its own
 * failure, so that callers stop instead of blaming (or warning about) each container.
 *
 * <p>The threads are pooled daemon platform threads, not virtual ones: socket I/O on a virtual
 * thread starts the JDK's poller thread, which sits in native epoll_wait for the rest of the
 * process, and the JVM waits 300 ms at exit for any thread in native code. Every command would pay
 * that.
 */
public final class Deadline implements AutoCloseable {

  private static final Duration PING_LIMIT = Duration.ofSeconds(5);

  private final ExecutorService calls =
      Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("engine-call-", 0).factory());
  private final Function<Throwable, RuntimeException> translate;
  private final EngineHealth health;
  private final Callable<?> probe;
  private final Callable<Boolean> ping;
  private final Set<Future<?>> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicReference<CompletableFuture<Void>> probing = new AtomicReference<>();

  /** Deadlines only: no health judgement. */
  public Deadline(Function<Throwable, RuntimeException> translate) {
    this(translate, null, null, null);
  }

  /**
   * Deadlines, and container calls judged by {@code health}; {@code probe} is a container call any
   * working engine answers at once (its failure is an answer too), {@code ping} answers true or
   * fails.
   */
  public Deadline(
      Function<Throwable, RuntimeException> translate,
      EngineHealth health,
      Callable<?> probe,
      Callable<Boolean> ping) {
    this.translate = translate;
    this.health = health;
    this.probe = probe;
    this.ping = ping;
  }

  public <T> T call(String what, Duration limit, Callable<T> call) {
    return call(what, limit, false, call);
  }

  /** A call on a container (create, start, inspect, stop, remove): its outcome tells the health. */
  public <T> T containerCall(String what, Duration limit, Callable<T> call) {
    return call(what, limit, true, call);
  }

  public void run(String what, Duration limit, Runnable call) {
    call(what, limit, false, asCallable(call));
  }

  public void runContainerCall(String what, Duration limit, Action call) {
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
  public interface Action {
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
      if (judged) {
        judgeTimeout(startedAt);
      }
      requireAnswering(); // judged meanwhile, on another call's timeout
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
      requireAnswering(); // a call cut off by the verdict is not a failure of its own
      throw failure;
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new EngineException(what + ": interrupted");
    } finally {
      inFlight.remove(future);
    }
  }

  /** A container call timed out: judges the engine by the streak rule, else by a probe. */
  private void judgeTimeout(long startedAt) {
    if (health.timedOut(startedAt, System.nanoTime())) {
      health.judge(pingAnswers());
    } else {
      probeOrAwaitProbe();
    }
    if (health.verdict() != EngineHealth.Verdict.HEALTHY) {
      inFlight.forEach(f -> f.cancel(true));
      throw health.verdict() == EngineHealth.Verdict.HUNG
          ? EngineWedgedException.hung()
          : EngineWedgedException.wedged();
    }
  }

  /** Probes the engine, or waits for the probe already under way. */
  private void probeOrAwaitProbe() {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> underWay = probing.compareAndExchange(null, mine);
    try {
      if (underWay != null) {
        underWay.get();
        return;
      }
      try {
        health.probe(engine());
      } finally {
        probing.set(null);
        mine.complete(null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e); // never: the probe's future only completes normally
    }
  }

  /** The engine as the probe rule asks it: the probe and the ping on this deadline's threads. */
  private EngineHealth.Engine engine() {
    return new EngineHealth.Engine() {
      @Override
      public EngineHealth.Answer probe() {
        Future<?> answer = calls.submit(probe);
        return new EngineHealth.Answer() {
          @Override
          public boolean within(Duration limit) throws InterruptedException {
            try {
              answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
              return true;
            } catch (ExecutionException | CancellationException e) {
              return true;
            } catch (TimeoutException e) {
              return false;
            }
          }

          @Override
          public void abandon() {
            answer.cancel(true);
          }
        };
      }

      @Override
      public boolean ping() {
        return pingAnswers();
      }
    };
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
  public void requireAnswering() {
    if (health != null && health.verdict() != EngineHealth.Verdict.HEALTHY) {
      throw health.verdict() == EngineHealth.Verdict.HUNG
          ? EngineWedgedException.hung()
          : EngineWedgedException.wedged();
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
