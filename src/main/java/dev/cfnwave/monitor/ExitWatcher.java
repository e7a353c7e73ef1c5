package dev.cfnwave.monitor;

import dev.cfnwave.engine.ContainerDetails;
import dev.cfnwave.engine.ContainerEngine;
import dev.cfnwave.engine.ContainerNotFoundException;
import dev.cfnwave.engine.ContainerSummary;
import dev.cfnwave.engine.EngineEvent;
import dev.cfnwave.engine.EngineException;
import dev.cfnwave.engine.EventSubscriber;
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
 * Tells when watched containers end. The engine's die/oom events say it within milliseconds; they
 * are only hints (the engine drops events for slow subscribers and forgets them on restart), so
 * once per poll interval one list call filtered by label reconciles, and the event stream is
 * re-subscribed whenever it ended. Each container is inspected once, when it has ended.
 */
public final class ExitWatcher implements AutoCloseable {

  private final ContainerEngine engine;
  private final WaveListener listener;
  private final Map<String, String> labelFilter;
  private final long pollNanos;
  private final Map<String, Boolean> watched = new ConcurrentHashMap<>();
  private final BlockingQueue<String> hints = new LinkedBlockingQueue<>();
  private final Deque<ContainerEnd> ready = new ArrayDeque<>();
  private final AtomicBoolean streamDown = new AtomicBoolean(false);

  /** The last subscription attempt failed: say so once per outage, not once per poll. */
  private boolean subscribeFailing;

  private final EventSubscriber subscriber = new HintCollector();
  private AutoCloseable subscription;
  private long nextReconcile = System.nanoTime();

  /**
   * @param labelFilter labels every labelled watched container carries (at least cfn.managed)
   */
  public ExitWatcher(
      ContainerEngine engine,
      WaveListener listener,
      Map<String, String> labelFilter,
      Duration pollInterval) {
    this.engine = engine;
    this.listener = listener;
    this.labelFilter = Map.copyOf(labelFilter);
    this.pollNanos = pollInterval.toNanos();
    this.subscription = subscribe();
  }

  /**
   * Watches a container by its full id; labelled means it carries the label filter, so the
   * reconciling list call finds it (others are listed by id).
   */
  public void watch(String containerId, boolean labelled) {
    watched.put(containerId, labelled);
  }

  public void unwatch(String containerId) {
    watched.remove(containerId);
  }

  public int watchedCount() {
    return watched.size();
  }

  /** Asks for a reconciliation at the next call, for instance after an engine hiccup. */
  public void reconcileSoon() {
    nextReconcile = System.nanoTime();
  }

  /**
   * Waits at most {@code max} for a watched container to end and stops watching it.
   *
   * @return the end, or null when the time passed first
   */
  public ContainerEnd next(Duration max) throws InterruptedException {
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
    Map<String, ContainerSummary> seen = new HashMap<>();
    try {
      if (watched.containsValue(true)) {
        engine.listByLabels(labelFilter).forEach(s -> seen.put(s.id(), s));
      }
      List<String> unlabelled =
          watched.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
      engine.listByIds(unlabelled).forEach(s -> seen.put(s.id(), s));
    } catch (EngineException e) {
      listener.warn("could not list containers, will retry: " + e.getMessage());
      return;
    }
    for (String id : List.copyOf(watched.keySet())) {
      ContainerSummary summary = seen.get(id);
      if (summary == null || summary.state().isFinished()) {
        inspectIfEnded(id);
      }
    }
  }

  private void inspectIfEnded(String id) {
    ContainerDetails details;
    try {
      details = engine.inspect(id);
    } catch (ContainerNotFoundException e) {
      if (watched.remove(id) != null) {
        ready.add(new ContainerEnd(id, null));
      }
      return;
    } catch (EngineException e) {
      listener.warn("could not inspect " + id + ", will retry: " + e.getMessage());
      return;
    }
    if (details.state().isFinished() && watched.remove(id) != null) {
      ready.add(new ContainerEnd(id, details));
    }
  }

  private AutoCloseable subscribe() {
    try {
      AutoCloseable subscription = engine.subscribe(subscriber);
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

  /** Runs on the event stream's thread: only queues ids, never calls the engine. */
  private final class HintCollector implements EventSubscriber {

    @Override
    public void onEvent(EngineEvent event) {
      if (event.isExit() && watched.containsKey(event.containerId())) {
        hints.offer(event.containerId());
      }
    }

    @Override
    public void onStreamEnd(Throwable cause) {
      streamDown.set(true);
    }
  }
}
