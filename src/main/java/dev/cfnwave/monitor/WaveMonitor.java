package dev.cfnwave.monitor;

import dev.cfnwave.engine.CfnLabels;
import dev.cfnwave.engine.ContainerDetails;
import dev.cfnwave.engine.ContainerEngine;
import dev.cfnwave.engine.ContainerNotFoundException;
import dev.cfnwave.engine.ContainerSummary;
import dev.cfnwave.engine.EngineEvent;
import dev.cfnwave.engine.EngineException;
import dev.cfnwave.engine.EventSubscriber;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.Json;
import dev.cfnwave.report.LogKeeper;
import dev.cfnwave.report.ManifestReader;
import dev.cfnwave.report.MonitorResults;
import dev.cfnwave.report.MonitorResults.ContainerResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches a wave's containers until each has exited or the timeout passes. The engine's die/oom
 * events say quickly that something ended; one labelled list call per poll interval catches
 * whatever the event stream missed. Each container is inspected once, when it has ended.
 */
public final class WaveMonitor {

  private final ContainerEngine engine;
  private final WaveListener listener;

  public WaveMonitor(ContainerEngine engine, WaveListener listener) {
    this.engine = engine;
    this.listener = listener;
  }

  /** Watches the manifest's containers; timed-out containers are left running. */
  public MonitorResults monitor(ManifestReader.Manifest manifest, MonitorSettings settings) {
    long startNanos = System.nanoTime();
    long deadline = startNanos + settings.timeout().toNanos();
    List<Watched> watched = resolve(manifest, settings.waveNumber());
    Map<String, Watched> byId = new HashMap<>();
    watched.stream().filter(Watched::isPending).forEach(w -> byId.put(w.id, w));

    BlockingQueue<String> exitHints = new LinkedBlockingQueue<>();
    AtomicBoolean streamDown = new AtomicBoolean(false);
    EventSubscriber subscriber = subscriber(byId, exitHints, streamDown);
    AutoCloseable subscription = subscribe(subscriber);
    try (ExecutorService logSavers = Executors.newVirtualThreadPerTaskExecutor()) {
      long nextTick = System.nanoTime();
      while (watched.stream().anyMatch(Watched::isPending)) {
        long now = System.nanoTime();
        if (now >= deadline) {
          break;
        }
        if (now >= nextTick) {
          if (streamDown.getAndSet(false)) {
            closeQuietly(subscription);
            subscription = subscribe(subscriber);
          }
          reconcile(watched, settings, logSavers);
          reportProgress(watched);
          nextTick = now + settings.pollInterval().toNanos();
          continue;
        }
        String hint = exitHints.poll(Math.min(nextTick, deadline) - now, TimeUnit.NANOSECONDS);
        if (hint != null && byId.containsKey(hint)) {
          finish(byId.get(hint), settings, logSavers);
        }
      }
      watched.stream().filter(Watched::isPending).forEach(this::timeOut);
      reportProgress(watched);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("monitoring interrupted");
    } finally {
      closeQuietly(subscription);
    }
    List<ContainerResult> results = watched.stream().map(w -> w.result).toList();
    MonitorResults.Metrics metrics = MonitorResults.Metrics.of(results);
    return new MonitorResults(
        settings.waveNumber() != null ? settings.waveNumber() : manifest.waveNumber(),
        Math.round((System.nanoTime() - startNanos) / 1e9),
        metrics.timeout() > 0 ? MonitorResults.TIMEOUT : MonitorResults.COMPLETE,
        results,
        metrics);
  }

  /** Looks every manifest container up in one list call; drops those of other waves. */
  private List<Watched> resolve(ManifestReader.Manifest manifest, Integer waveNumber) {
    List<Watched> all = manifest.containers().stream().map(Watched::new).toList();
    List<String> ids = all.stream().map(w -> w.id).filter(Objects::nonNull).toList();
    List<ContainerSummary> found = engine.listByIds(ids);
    List<Watched> kept = new ArrayList<>();
    for (Watched w : all) {
      if (w.id == null) {
        w.result = result(w, "spawn_failed", null, ExitStatus.FAILED, null, null);
        keepIf(kept, w, waveNumber == null || Objects.equals(waveNumber, manifest.waveNumber()));
        continue;
      }
      ContainerSummary summary =
          found.stream().filter(s -> s.id().startsWith(w.id)).findFirst().orElse(null);
      if (summary == null) {
        listener.warn("container " + w.id + " is not known to the engine");
        w.result = result(w, "not_found", null, ExitStatus.FAILED, null, null);
        keepIf(kept, w, waveNumber == null || Objects.equals(waveNumber, manifest.waveNumber()));
        continue;
      }
      w.id = summary.id();
      w.name = summary.name();
      w.labelled = "true".equals(summary.labels().get(CfnLabels.MANAGED));
      w.runId = summary.labels().get(CfnLabels.RUN_ID);
      if (w.batchId == null) {
        w.batchId = summary.labels().get(CfnLabels.BATCH_ID);
      }
      String wave = summary.labels().get(CfnLabels.WAVE_NUMBER);
      Integer itsWave = wave != null ? Integer.valueOf(wave) : manifest.waveNumber();
      keepIf(kept, w, waveNumber == null || itsWave == null || waveNumber.equals(itsWave));
    }
    return kept;
  }

  private static void keepIf(List<Watched> kept, Watched w, boolean keep) {
    if (keep) {
      kept.add(w);
    }
  }

  private EventSubscriber subscriber(
      Map<String, Watched> byId, BlockingQueue<String> exitHints, AtomicBoolean streamDown) {
    return new EventSubscriber() {
      @Override
      public void onEvent(EngineEvent event) {
        if (event.isExit() && byId.containsKey(event.containerId())) {
          exitHints.offer(event.containerId());
        }
      }

      @Override
      public void onStreamEnd(Throwable cause) {
        streamDown.set(true);
      }
    };
  }

  private AutoCloseable subscribe(EventSubscriber subscriber) {
    try {
      return engine.subscribe(subscriber);
    } catch (EngineException e) {
      listener.warn("event stream unavailable, relying on polling: " + e.getMessage());
      return () -> subscriber.onStreamEnd(e);
    }
  }

  /** One labelled list call (plus one by id for containers cfn-wave did not label). */
  private void reconcile(
      List<Watched> watched, MonitorSettings settings, ExecutorService logSavers) {
    List<Watched> pending = watched.stream().filter(Watched::isPending).toList();
    Map<String, ContainerSummary> seen = new HashMap<>();
    List<Watched> labelled = pending.stream().filter(w -> w.labelled).toList();
    if (!labelled.isEmpty()) {
      Map<String, String> filter = new LinkedHashMap<>(CfnLabels.managed());
      String runId = labelled.get(0).runId;
      if (runId != null && labelled.stream().allMatch(w -> runId.equals(w.runId))) {
        filter.put(CfnLabels.RUN_ID, runId);
      }
      engine.listByLabels(filter).forEach(s -> seen.put(s.id(), s));
    }
    List<String> foreign = pending.stream().filter(w -> !w.labelled).map(w -> w.id).toList();
    engine.listByIds(foreign).forEach(s -> seen.put(s.id(), s));
    for (Watched w : pending) {
      ContainerSummary summary = seen.get(w.id);
      if (summary == null || summary.state().isFinished()) {
        finish(w, settings, logSavers);
      }
    }
  }

  private void finish(Watched w, MonitorSettings settings, ExecutorService logSavers) {
    if (!w.isPending()) {
      return;
    }
    ContainerDetails details;
    try {
      details = engine.inspect(w.id);
    } catch (ContainerNotFoundException e) {
      listener.warn("container " + w.name + " was removed before it could be inspected");
      w.result = result(w, "removed", null, ExitStatus.FAILED, null, null);
      listener.on(new WaveEvent.ContainerFinished(w.batchId, w.name, "failed", null));
      return;
    }
    if (!details.state().isFinished()) {
      return;
    }
    long exitCode = details.exitCode() == null ? -1 : details.exitCode();
    ExitStatus status = ExitStatus.classify(exitCode, details.oomKilled());
    w.result =
        result(
            w,
            details.state().wireName(),
            exitCode,
            status,
            Json.timestamp(details.startedAt()),
            Json.timestamp(details.finishedAt()));
    listener.on(new WaveEvent.ContainerFinished(w.batchId, w.name, status.wireName(), exitCode));
    settings.preservedLogs().ifPresent(keeper -> logSavers.submit(() -> saveLog(keeper, w)));
  }

  private void saveLog(LogKeeper keeper, Watched w) {
    try {
      var saved = keeper.save(w.id, w.name);
      listener.on(
          new WaveEvent.LogSaved(
              w.name, saved.file().toString(), saved.bytes(), saved.truncated()));
    } catch (RuntimeException e) {
      listener.warn("could not save the log of " + w.name + ": " + e.getMessage());
    }
  }

  private void timeOut(Watched w) {
    String state = "running";
    String startedAt = w.entry.startedAt();
    try {
      ContainerDetails details = engine.inspect(w.id);
      state = details.state().wireName();
      startedAt = Json.timestamp(details.startedAt());
    } catch (EngineException e) {
      listener.warn("could not inspect timed-out container " + w.name + ": " + e.getMessage());
    }
    w.result = result(w, state, null, ExitStatus.TIMEOUT, startedAt, null);
    listener.on(new WaveEvent.ContainerFinished(w.batchId, w.name, "timeout", null));
  }

  private void reportProgress(List<Watched> watched) {
    int running = 0;
    int completed = 0;
    int failed = 0;
    int timeout = 0;
    for (Watched w : watched) {
      if (w.isPending()) {
        running++;
      } else {
        switch (w.result.exitStatus()) {
          case SUCCESS -> completed++;
          case FAILED, OOM_KILLED -> failed++;
          case TIMEOUT -> timeout++;
        }
      }
    }
    listener.on(new WaveEvent.MonitorProgress(running, completed, failed, timeout));
  }

  private static ContainerResult result(
      Watched w,
      String status,
      Long exitCode,
      ExitStatus exitStatus,
      String startedAt,
      String completedAt) {
    return new ContainerResult(
        w.id,
        w.batchId,
        status,
        exitCode,
        exitStatus,
        startedAt != null ? startedAt : w.entry.startedAt(),
        completedAt);
  }

  private void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      listener.debug("closing the event stream: " + e.getMessage());
    }
  }
}
