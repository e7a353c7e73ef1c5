package dev.cfnwave.run;

import dev.cfnwave.backend.Backend;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
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

  private void loop() {
    while (!closed) {
      for (String handle : peaks.keySet()) {
        sample(handle);
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
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }
}
