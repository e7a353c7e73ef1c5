package dev.cfnwave.monitor;

import dev.cfnwave.attempt.EndNotice;
import dev.cfnwave.attempt.ExitWatcher;
import dev.cfnwave.attempt.LogKeeper;
import dev.cfnwave.attempt.Watched;
import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.Json;
import dev.cfnwave.report.ManifestReader;
import dev.cfnwave.report.MonitorResults;
import dev.cfnwave.report.MonitorResults.ContainerResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Watches a wave's containers until each has exited or the timeout passes ({@link ExitWatcher}
 * tells when each ends), and classifies how each ended.
 */
public final class WaveMonitor {

  private final Backend backend;
  private final WaveListener listener;

  public WaveMonitor(Backend backend, WaveListener listener) {
    this.backend = backend;
    this.listener = listener;
  }

  /** Watches the manifest's containers; timed-out containers are left running. */
  public MonitorResults monitor(ManifestReader.Manifest manifest, MonitorSettings settings) {
    long startNanos = System.nanoTime();
    long deadline = startNanos + settings.timeout().toNanos();
    List<Watched> watched = resolve(manifest, settings.waveNumber());
    Map<String, Watched> byId = new HashMap<>();
    watched.stream().filter(Watched::isPending).forEach(w -> byId.put(w.id, w));

    try (ExitWatcher exits =
            new ExitWatcher(
                backend, listener, labelFilter(byId.values()), settings.pollInterval());
        ExecutorService logSavers = Executors.newVirtualThreadPerTaskExecutor()) {
      byId.values().forEach(w -> exits.watch(w.id, w.labelled));
      long nextProgress = System.nanoTime();
      while (watched.stream().anyMatch(Watched::isPending)) {
        long now = System.nanoTime();
        if (now - deadline >= 0) {
          break;
        }
        if (now - nextProgress >= 0) {
          reportProgress(watched);
          nextProgress = now + settings.pollInterval().toNanos();
        }
        EndNotice end = exits.next(Duration.ofNanos(Math.min(deadline, nextProgress) - now));
        if (end != null && byId.containsKey(end.handle())) {
          finish(byId.get(end.handle()), end, settings, logSavers);
        }
      }
      watched.stream().filter(Watched::isPending).forEach(this::timeOut);
      reportProgress(watched);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("monitoring interrupted");
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

  /** cfn.managed, narrowed to the run id when every labelled container shares one. */
  private static Map<String, String> labelFilter(Collection<Watched> watched) {
    Map<String, String> filter = new LinkedHashMap<>(CfnLabels.managed());
    List<Watched> labelled = watched.stream().filter(w -> w.labelled).toList();
    if (!labelled.isEmpty()) {
      String runId = labelled.get(0).runId;
      if (runId != null && labelled.stream().allMatch(w -> runId.equals(w.runId))) {
        filter.put(CfnLabels.RUN_ID, runId);
      }
    }
    return filter;
  }

  /** Looks every manifest container up in one list call; drops those of other waves. */
  private List<Watched> resolve(ManifestReader.Manifest manifest, Integer waveNumber) {
    List<Watched> all = manifest.containers().stream().map(Watched::new).toList();
    List<String> ids = all.stream().map(w -> w.id).filter(Objects::nonNull).toList();
    List<AttemptStatus> found = ids.isEmpty() ? List.of() : backend.list(ids);
    List<Watched> kept = new ArrayList<>();
    for (Watched w : all) {
      if (w.id == null) {
        w.result = result(w, "spawn_failed", null, ExitStatus.FAILED, null, null);
        keepIf(kept, w, waveNumber == null || Objects.equals(waveNumber, manifest.waveNumber()));
        continue;
      }
      AttemptStatus summary =
          found.stream().filter(s -> s.handle().startsWith(w.id)).findFirst().orElse(null);
      if (summary == null) {
        listener.warn("container " + w.id + " is not known to the engine");
        w.result = result(w, "not_found", null, ExitStatus.FAILED, null, null);
        keepIf(kept, w, waveNumber == null || Objects.equals(waveNumber, manifest.waveNumber()));
        continue;
      }
      w.id = summary.handle();
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

  private void finish(
      Watched w, EndNotice end, MonitorSettings settings, ExecutorService logSavers) {
    if (end.finalState().isEmpty()) {
      listener.warn("container " + w.name + " was removed before it could be inspected");
      w.result = result(w, "removed", null, ExitStatus.FAILED, null, null);
      listener.on(new WaveEvent.ContainerFinished(w.batchId, w.name, "failed", null));
      return;
    }
    AttemptStatus details = end.status();
    if (details.phase() == AttemptPhase.REJECTED) {
      listener.warn(w.name + " never ran: " + details.error());
    }
    long exitCode = details.exitCode() == null ? -1 : details.exitCode();
    ExitStatus status = ExitStatus.classify(exitCode, details.oomKilled());
    w.result =
        result(
            w,
            details.state(),
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
      AttemptStatus details = backend.status(w.id);
      state = details.state();
      startedAt = Json.timestamp(details.startedAt());
    } catch (EngineException e) {
      listener.warn("could not inspect timed-out container " + w.name + ": " + e.getMessage());
    }
    w.result = result(w, state, null, ExitStatus.TIMEOUT, startedAt, null);
    listener.on(new WaveEvent.ContainerFinished(w.batchId, w.name, "timeout", null));
  }

  private void reportProgress(List<Watched> watched) {
    List<ContainerResult> ended =
        watched.stream().filter(w -> !w.isPending()).map(w -> w.result).toList();
    MonitorResults.Metrics counts = MonitorResults.Metrics.of(ended);
    listener.on(
        new WaveEvent.MonitorProgress(
            watched.size() - ended.size(), counts.success(), counts.failed(), counts.timeout()));
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
}
