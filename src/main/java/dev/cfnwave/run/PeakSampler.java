package dev.cfnwave.run;

import dev.cfnwave.backend.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples the highest memory each running attempt has used, on one background thread, every
 * interval and once right after each launch. The backend's figure is a high-water mark where it has
 * one (a cgroup's), so a sample loses only what the attempt grew after the last one; it is read
 * while the attempt runs because an ended container's cgroup is gone. A zero interval turns
 * sampling off.
 */
final class PeakSampler implements AutoCloseable {

  private static final long NONE = -1;

  private final Backend backend;
  private final Duration interval;
  private final Map<String, Long> peaks = new ConcurrentHashMap<>();
  private final ExecutorService reads = Executors.newVirtualThreadPerTaskExecutor();
  private final Thread thread;
  private volatile boolean closed;

  PeakSampler(Backend backend, Duration interval) {
    this.backend = backend;
    this.interval = interval;
    this.thread = isOn() ? Thread.ofPlatform().daemon().name("cfn-peaks").start(this::loop) : null;
  }

  private boolean isOn() {
    return interval != null && interval.isPositive();
  }

  /** Starts sampling a launched attempt. */
  void watch(String handle) {
    if (thread != null) {
      peaks.putIfAbsent(handle, NONE);
      LockSupport.unpark(thread);
    }
  }

  /** Stops sampling the attempt; its highest sampled memory in bytes, or null when none. */
  Long take(String handle) {
    Long peak = peaks.remove(handle);
    return peak == null || peak == NONE ? null : peak;
  }

  /**
   * Reads every watched attempt at once: a cgroup read takes microseconds, but the Engine API's
   * stats answer after the engine's next collection (about a second on Docker 20.10), so one by one
   * a sweep of 28 would take half a minute.
   */
  private void loop() {
    while (!closed) {
      List<Future<?>> sweep = new ArrayList<>();
      try {
        for (String handle : peaks.keySet()) {
          sweep.add(reads.submit(() -> sample(handle)));
        }
        for (Future<?> read : sweep) {
          read.get();
        }
      } catch (RejectedExecutionException | CancellationException | InterruptedException e) {
        return; // closed
      } catch (ExecutionException e) {
        // sample() catches what the backend throws: not reached
      }
      LockSupport.parkNanos(interval.toNanos());
    }
  }

  private void sample(String handle) {
    OptionalLong now;
    try {
      now = backend.peakMemory(handle);
    } catch (RuntimeException e) {
      return; // a sample that fails costs one sample; the end is learnt elsewhere
    }
    if (now.isPresent()) {
      peaks.computeIfPresent(handle, (h, old) -> Math.max(old, now.getAsLong()));
    }
  }

  @Override
  public void close() {
    closed = true;
    reads.shutdownNow(); // a stats read in flight is not waited for
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }
}
