package dev.cfnwave.engine;

import java.time.Duration;
import java.util.concurrent.Callable;
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
 * <p>The threads are pooled daemon platform threads, not virtual ones: socket I/O on a virtual
 * thread starts the JDK's poller thread, which sits in native epoll_wait for the rest of the
 * process, and the JVM waits 300 ms at exit for any thread in native code. Every command would pay
 * that.
 */
final class Deadline implements AutoCloseable {

  private final ExecutorService calls =
      Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("engine-call-", 0).factory());
  private final Function<Throwable, RuntimeException> translate;

  Deadline(Function<Throwable, RuntimeException> translate) {
    this.translate = translate;
  }

  <T> T call(String what, Duration limit, Callable<T> call) {
    Future<T> future = calls.submit(call);
    try {
      return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new EngineTimeoutException(
          what + ": the engine did not answer within " + limit.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw translate.apply(e.getCause());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new EngineException(what + ": interrupted");
    }
  }

  void run(String what, Duration limit, Runnable call) {
    call(
        what,
        limit,
        () -> {
          call.run();
          return null;
        });
  }

  @Override
  public void close() {
    calls.shutdownNow();
  }
}
