package dev.cfnwave.attempt;

import dev.cfnwave.backend.AttemptNotFoundException;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EndHints;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.event.WaveListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells when watched attempts end. The backend's end hints (Docker: die/oom events) say it within
 * milliseconds; they are only hints (they can be dropped for slow subscribers and forgotten on a
 * restart), so once per poll interval one list call filtered by label reconciles, and the hint
 * stream is re-subscribed whenever it ended. Each attempt's status is read once, when it has ended.
 */
public final class ExitWatcher implements AutoCloseable {

  private final Backend backend;
  private final WaveListener listener;
  private final Map<String, String> labelFilter;
  private final long pollNanos;
  private final Map<String, Boolean> watched = new ConcurrentHashMap<>();
  private final BlockingQueue<String> hints = new LinkedBlockingQueue<>();
  private final Deque<EndNotice> ready = new ArrayDeque<>();
  private final AtomicBoolean streamDown = new AtomicBoolean(false);
  private final Map<String, AttemptStatus> lastListed = new HashMap<>();

  /** The last subscription attempt failed: say so once per outage, not once per poll. */
  private boolean subscribeFailing;

  private final EndHints subscriber = new HintCollector();
  private AutoCloseable subscription;
  private long nextReconcile = System.nanoTime();

  /**
   * @param labelFilter labels every labelled watched attempt carries (at least cfn.managed)
   */
  public ExitWatcher(
      Backend backend,
      WaveListener listener,
      Map<String, String> labelFilter,
      Duration pollInterval) {
    this.backend = backend;
    this.listener = listener;
    this.labelFilter = Map.copyOf(labelFilter);
    this.pollNanos = pollInterval.toNanos();
    this.subscription = subscribe();
  }

  /**
   * Watches an attempt by its full handle; labelled means it carries the label filter, so the
   * reconciling list call finds it (others are listed by handle).
   */
  public void watch(String handle, boolean labelled) {
    watched.put(handle, labelled);
  }

  public void unwatch(String handle) {
    watched.remove(handle);
    lastListed.remove(handle);
  }

  /**
   * A watched attempt that has not ended, as the latest reconciliation listed it (once per poll
   * interval): whether it is pending or running, and why it is pending. Null before it was listed.
   */
  public AttemptStatus lastListed(String handle) {
    return lastListed.get(handle);
  }

  public int watchedCount() {
    return watched.size();
  }

  /** Asks for a reconciliation at the next call, for instance after an engine hiccup. */
  public void reconcileSoon() {
    nextReconcile = System.nanoTime();
  }

  /**
   * Waits at most {@code max} for a watched attempt to end and stops watching it.
   *
   * @return the end, or null when the time passed first
   */
  public EndNotice next(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      if (!ready.isEmpty()) {
        return ready.poll();
      }
      long now = System.nanoTime();
      if (now - nextReconcile >= 0) {
        reconcile();
        nextReconcile = now + pollNanos;
        continue;
      }
      if (now - deadline >= 0) {
        return null;
      }
      String hint = hints.poll(Math.min(deadline, nextReconcile) - now, TimeUnit.NANOSECONDS);
      if (hint != null && watched.containsKey(hint)) {
        inspectIfEnded(hint);
      }
    }
  }

  private void reconcile() {
    if (streamDown.getAndSet(false)) {
      if (!subscribeFailing) {
        listener.warn(
            "the engine's event stream ended: re-subscribing (every exit is still found)");
      }
      closeQuietly(subscription);
      subscription = subscribe();
    }
    if (watched.isEmpty()) {
      return;
    }
    Map<String, AttemptStatus> seen = new HashMap<>();
    try {
      if (watched.containsValue(true)) {
        backend.listOwned(labelFilter).forEach(s -> seen.put(s.handle(), s));
      }
      List<String> unlabelled =
          watched.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
      if (!unlabelled.isEmpty()) {
        backend.list(unlabelled).forEach(s -> seen.put(s.handle(), s));
      }
    } catch (EngineException e) {
      listener.warn("could not list containers, will retry: " + e.getMessage());
      return;
    }
    lastListed.keySet().retainAll(watched.keySet());
    for (String id : List.copyOf(watched.keySet())) {
      AttemptStatus listed = seen.get(id);
      if (listed != null && !listed.hasEnded()) {
        lastListed.put(id, listed);
      }
      if (listed == null || listed.hasEnded()) {
        inspectIfEnded(id);
      }
    }
  }

  private void inspectIfEnded(String id) {
    AttemptStatus status;
    try {
      status = backend.status(id);
    } catch (AttemptNotFoundException e) {
      if (watched.remove(id) != null) {
        lastListed.remove(id);
        ready.add(new EndNotice(id, null));
      }
      return;
    } catch (EngineException e) {
      listener.warn("could not inspect " + id + ", will retry: " + e.getMessage());
      return;
    }
    if (status.hasEnded() && watched.remove(id) != null) {
      lastListed.remove(id);
      ready.add(new EndNotice(id, status));
    }
  }

  private AutoCloseable subscribe() {
    try {
      AutoCloseable subscription = backend.watchEnds(subscriber);
      subscribeFailing = false;
      return subscription;
    } catch (EngineException e) {
      if (!subscribeFailing) {
        listener.warn("event stream unavailable, relying on polling: " + e.getMessage());
      }
      subscribeFailing = true;
      streamDown.set(true);
      return () -> {};
    }
  }

  private void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      listener.debug("closing the event stream: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    closeQuietly(subscription);
  }

  /** Runs on the hint stream's thread: only queues handles, never calls the backend. */
  private final class HintCollector implements EndHints {

    @Override
    public void ended(String handle) {
      if (watched.containsKey(handle)) {
        hints.offer(handle);
      }
    }

    @Override
    public void streamEnded(Throwable cause) {
      streamDown.set(true);
    }
  }
}
