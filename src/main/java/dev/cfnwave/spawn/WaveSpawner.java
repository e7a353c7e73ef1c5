package dev.cfnwave.spawn;

import dev.cfnwave.ToolFailureException;
import dev.cfnwave.attempt.BatchContainers;
import dev.cfnwave.attempt.LaunchSlots;
import dev.cfnwave.attempt.Networks;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.image.PinnedImage;
import dev.cfnwave.image.PreparedImages;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.report.Json;
import dev.cfnwave.report.SpawnManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Launches one attempt per batch of a wave, at most {@code parallel} starting at a time while the
 * next ones are prepared ({@link LaunchSlots}). A batch that fails to spawn is reported and leaves
 * nothing behind; the others go on.
 */
public final class WaveSpawner {

  private final Backend backend;
  private final WaveListener listener;

  public WaveSpawner(Backend backend, WaveListener listener) {
    this.backend = backend;
    this.listener = listener;
  }

  /** Spawns the wave with every image as written (unpinned). */
  public SpawnManifest spawn(String taskId, Wave wave, SpawnSettings settings) {
    return spawn(taskId, wave, settings, PreparedImages.asWritten());
  }

  /**
   * Spawns the wave, each container running what its image is pinned to; the images are ready
   * (pulled) unless this is a dry run.
   */
  public SpawnManifest spawn(
      String taskId, Wave wave, SpawnSettings settings, PreparedImages images) {
    Instant spawnedAt = Instant.now();
    List<PinnedImage> pins =
        wave.batches().stream()
            .map(b -> b.imageOr(settings.image()))
            .map(image -> images.ready(image).orElse(PinnedImage.asWritten(image)))
            .toList();
    List<AttemptSpec> specs = new ArrayList<>();
    for (int i = 0; i < pins.size(); i++) {
      specs.add(
          BatchContainers.specFor(
              taskId,
              wave.waveNumber(),
              wave.batches().get(i),
              settings,
              1,
              Map.of(),
              pins.get(i).runAs()));
    }
    List<SpawnManifest.Entry> entries;
    if (settings.dryRun()) {
      entries = new ArrayList<>();
      for (int i = 0; i < specs.size(); i++) {
        entries.add(
            entry(
                wave.batches().get(i),
                pins.get(i),
                specs.get(i),
                null,
                SpawnManifest.Entry.DRY_RUN,
                null,
                null));
        listener.info("dry run: would spawn " + specs.get(i).name());
      }
    } else {
      Networks.prepare(backend, settings.network(), listener);
      entries = spawnAll(wave.batches(), pins, specs, settings.parallel());
    }
    int spawned =
        (int) entries.stream().filter(e -> SpawnManifest.Entry.RUNNING.equals(e.status())).count();
    return new SpawnManifest(
        wave.waveNumber(),
        Json.timestamp(spawnedAt),
        entries,
        spawned,
        wave.totalMemory().humanForm());
  }

  private List<SpawnManifest.Entry> spawnAll(
      List<Batch> batches, List<PinnedImage> pins, List<AttemptSpec> specs, int parallel) {
    LaunchSlots slots = new LaunchSlots(parallel);
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<SpawnManifest.Entry>> futures = new ArrayList<>();
      for (int i = 0; i < specs.size(); i++) {
        Batch batch = batches.get(i);
        PinnedImage pin = pins.get(i);
        AttemptSpec spec = specs.get(i);
        futures.add(workers.submit(() -> spawnOne(batch, pin, spec, slots)));
      }
      List<SpawnManifest.Entry> entries = new ArrayList<>();
      for (Future<SpawnManifest.Entry> future : futures) {
        entries.add(future.get());
      }
      return entries;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("spawning interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ToolFailureException failure) {
        throw failure;
      }
      throw new IllegalStateException("spawnOne reports failures, it does not throw", e.getCause());
    }
  }

  private SpawnManifest.Entry spawnOne(
      Batch batch, PinnedImage pin, AttemptSpec spec, LaunchSlots slots) {
    try {
      String containerId = slots.launch(() -> backend.prepare(spec, listener));
      listener.on(new WaveEvent.ContainerSpawned(batch.batchId(), spec.name(), containerId));
      return entry(batch, pin, spec, containerId, SpawnManifest.Entry.RUNNING, Instant.now(), null);
    } catch (ToolFailureException e) {
      throw e; // the engine's fault, not this batch's: spawnAll stops with it
    } catch (RuntimeException e) {
      listener.on(new WaveEvent.SpawnFailed(batch.batchId(), spec.name(), e.getMessage()));
      return entry(batch, pin, spec, null, SpawnManifest.Entry.FAILED, null, e.getMessage());
    }
  }

  private static SpawnManifest.Entry entry(
      Batch batch,
      PinnedImage pin,
      AttemptSpec spec,
      String id,
      String status,
      Instant startedAt,
      String error) {
    return new SpawnManifest.Entry(
        id,
        spec.name(),
        batch.batchId(),
        batch.tier(),
        batch.memoryLimit().dockerForm(),
        pin.image(),
        pin.imageDigest(),
        status,
        Json.timestamp(startedAt),
        error);
  }
}
