package dev.cfnwave.attempt;

import dev.cfnwave.backend.Backend;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * How many launches run at once: at most {@code parallel} attempts start at a time, and while they
 * do, up to {@code parallel} more are prepared (Docker: created), so the engine never waits for the
 * next create between starts. On 2 cores the engine launched 100 containers fastest with about 8
 * calls in flight; 5 launches in one step each kept it at 5.
 */
public final class LaunchSlots {

  private final Semaphore preparing;
  private final Semaphore starting;
  private final Semaphore underway;

  public LaunchSlots(int parallel) {
    preparing = new Semaphore(parallel, true);
    starting = new Semaphore(parallel, true);
    underway = new Semaphore(2 * parallel, true);
  }

  /** Prepares then starts one attempt, each step in its own slot; returns its handle. */
  public String launch(Supplier<Backend.Prepared> prepare) {
    underway.acquireUninterruptibly();
    try {
      Backend.Prepared prepared;
      preparing.acquireUninterruptibly();
      try {
        prepared = prepare.get();
      } finally {
        preparing.release();
      }
      starting.acquireUninterruptibly();
      try {
        return prepared.start();
      } finally {
        starting.release();
      }
    } finally {
      underway.release();
    }
  }
}
