package dev.cfnwave.testing;

import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EndHints;
import dev.cfnwave.backend.NodeCapacity;
import dev.cfnwave.backend.SavedLog;
import dev.cfnwave.engine.CfnLabels;
import dev.cfnwave.event.WaveListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link InMemoryBackend} that, as Swarm does, starts a launched attempt only when it is placed:
 * the attempts of a held batch are PENDING with a reason until {@link #place}, and those of a
 * rejected batch end REJECTED with an error, without running. For unit tests of what the run does
 * with pending and rejected attempts.
 */
public final class PlacingBackend implements Backend {

  private final InMemoryBackend backend;
  private final Map<String, String> held = new ConcurrentHashMap<>();
  private final Map<String, Instant> placed = new ConcurrentHashMap<>();
  private final Map<String, String> rejected = new ConcurrentHashMap<>();

  public PlacingBackend(InMemoryBackend backend) {
    this.backend = backend;
  }

  /** The batch's attempts stay pending, for this reason, until placed. */
  public void hold(String batchId, String reason) {
    held.put(batchId, reason);
  }

  /** The batch's held attempts start running, from {@code at}. */
  public void place(String batchId, Instant at) {
    placed.put(batchId, at);
    held.remove(batchId);
  }

  /** The batch's attempts are rejected with this error. */
  public void reject(String batchId, String error) {
    rejected.put(batchId, error);
  }

  private AttemptStatus view(AttemptStatus s) {
    String batchId = s.labels().get(CfnLabels.BATCH_ID);
    if (batchId == null) {
      return s;
    }
    if (rejected.containsKey(batchId)) {
      return with(s, AttemptPhase.REJECTED, "rejected", rejected.get(batchId), null, s.startedAt());
    }
    if (held.containsKey(batchId)) {
      return s.hasEnded()
          ? with(s, AttemptPhase.ENDED, "stopped", null, null, null)
          : with(s, AttemptPhase.PENDING, "pending", held.get(batchId), null, null);
    }
    Instant at = placed.get(batchId);
    if (at != null) {
      return with(s, s.phase(), s.state(), s.error(), s.exitCode(), at);
    }
    return s;
  }

  private static AttemptStatus with(
      AttemptStatus s,
      AttemptPhase phase,
      String state,
      String error,
      Long exitCode,
      Instant startedAt) {
    return new AttemptStatus(
        s.handle(),
        s.name(),
        phase,
        state,
        exitCode,
        false,
        error,
        startedAt,
        s.finishedAt(),
        s.labels(),
        s.volumes());
  }

  @Override
  public boolean startsOnLaunch() {
    return false;
  }

  @Override
  public String name() {
    return backend.name();
  }

  @Override
  public String describe() {
    return "placing " + backend.describe();
  }

  @Override
  public List<NodeCapacity> capacity() {
    return backend.capacity();
  }

  @Override
  public long memoryHeldByOthers(Map<String, String> ownLabels) {
    return backend.memoryHeldByOthers(ownLabels);
  }

  @Override
  public boolean hasImage(String image) {
    return backend.hasImage(image);
  }

  @Override
  public void pull(String image) {
    backend.pull(image);
  }

  @Override
  public boolean ensureNetwork(String network, Map<String, String> labels) {
    return backend.ensureNetwork(network, labels);
  }

  @Override
  public String launch(AttemptSpec spec, WaveListener listener) {
    return backend.launch(spec, listener);
  }

  @Override
  public Map<String, AttemptStatus> recover(Map<String, String> labels) {
    Map<String, AttemptStatus> found = new LinkedHashMap<>();
    backend.recover(labels).forEach((name, s) -> found.put(name, view(s)));
    return found;
  }

  @Override
  public List<AttemptStatus> listOwned(Map<String, String> labels) {
    return backend.listOwned(labels).stream().map(this::view).toList();
  }

  @Override
  public List<AttemptStatus> list(Collection<String> handles) {
    return backend.list(handles).stream().map(this::view).toList();
  }

  @Override
  public AttemptStatus status(String handle) {
    return view(backend.status(handle));
  }

  @Override
  public AutoCloseable watchEnds(EndHints hints) {
    return backend.watchEnds(hints);
  }

  @Override
  public void stop(String handle, Duration grace) {
    backend.stop(handle, grace);
  }

  @Override
  public SavedLog saveLog(String handle, Path file, long maxBytes) {
    return backend.saveLog(handle, file, maxBytes);
  }

  @Override
  public void dispose(String handle) {
    backend.dispose(handle);
  }

  @Override
  public void close() {
    backend.close();
  }
}
