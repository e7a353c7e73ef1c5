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
 * Runs each Engine API call on its own virtual thread and waits at most a set time for it:
 * docker-java's own timeouts do nothing on a unix socket, so a hung engine would hang the caller.
 */
final class Deadline implements AutoCloseable {

  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
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
