package dev.cfnwave.run;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The run's default clock: wall time when the run starts, then advanced by System.nanoTime, so that
 * time limits and backoffs neither fire early nor stall when the wall clock is stepped.
 */
final class MonotonicClock implements InstantSource {

  private final Instant start = Instant.now();
  private final long startNanos = System.nanoTime();

  @Override
  public Instant instant() {
    return start.plusNanos(System.nanoTime() - startNanos);
  }
}
