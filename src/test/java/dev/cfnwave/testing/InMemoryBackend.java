package dev.cfnwave.testing;

import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EndHints;
import dev.cfnwave.backend.Failpoint;
import dev.cfnwave.backend.NodeCapacity;
import dev.cfnwave.backend.SavedLog;
import dev.cfnwave.engine.DockerBackend;
import dev.cfnwave.event.WaveListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An in-memory {@link Backend} for unit tests of everything above the backend interface: the Docker
 * backend's own logic (launch, take-over, status, hints) over an {@link InMemoryEngine}, so that
 * what the tests see is what the Docker backend does, without a daemon. An attempt's TASK_PROMPT is
 * its behaviour ("ms=200 exit=3", "oom", "hold"; see {@link InMemoryEngine}); the test controls
 * (finish, timeline, lost answers, refusals) are the engine's.
 */
public final class InMemoryBackend implements Backend {

  private final InMemoryEngine engine;
  private final DockerBackend backend;
  private final boolean ownsEngine;

  public InMemoryBackend() {
    this(InstantSource.system());
  }

  /** Start and end times come from {@code time} (a test's {@link ManualClock}, say). */
  public InMemoryBackend(InstantSource time) {
    this(new InMemoryEngine(time), true);
  }

  /**
   * Another backend over the same engine, as a new process after a crash would see it; closing it
   * leaves the engine running.
   */
  public static InMemoryBackend sharing(InMemoryEngine engine) {
    return new InMemoryBackend(engine, false);
  }

  private InMemoryBackend(InMemoryEngine engine, boolean ownsEngine) {
    this.engine = engine;
    this.backend = new DockerBackend(engine, Failpoint.NONE, Duration.ZERO);
    this.ownsEngine = ownsEngine;
  }

  /** The engine under it: its test controls, and container-level set-ups. */
  public InMemoryEngine engine() {
    return engine;
  }

  /** The running attempts of the batch (with "hold", until {@link #finish}). */
  public long runningCount(String batchId) {
    return engine.runningCount(batchId);
  }

  public long runningCount() {
    return engine.runningCount();
  }

  /** Ends the batch's running attempts with this exit code. */
  public void finish(String batchId, long exitCode) {
    engine.finish(batchId, exitCode);
  }

  public List<InMemoryEngine.Moment> timeline() {
    return engine.timeline();
  }

  /** How many containers were ever made. */
  public int createdCount() {
    return engine.createdCount();
  }

  /** How many attempts were not disposed of. */
  public int liveCount() {
    return engine.liveCount();
  }

  /** See {@link InMemoryEngine#loseAnswerOf}: "create" or "start". */
  public void loseAnswerOf(String call, String batchId) {
    engine.loseAnswerOf(call, batchId);
  }

  /** See {@link InMemoryEngine#refuse}. */
  public void refuse(String call, String batchId) {
    engine.refuse(call, batchId);
  }

  @Override
  public String name() {
    return backend.name();
  }

  @Override
  public String describe() {
    return "in-memory " + backend.describe();
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

  /** Launches with no one listening. */
  public String launch(AttemptSpec spec) {
    return launch(spec, WaveListener.NONE);
  }

  @Override
  public Map<String, AttemptStatus> recover(Map<String, String> labels) {
    return backend.recover(labels);
  }

  @Override
  public List<AttemptStatus> listOwned(Map<String, String> labels) {
    return backend.listOwned(labels);
  }

  @Override
  public List<AttemptStatus> list(Collection<String> handles) {
    return backend.list(handles);
  }

  @Override
  public OptionalLong peakMemory(String handle) {
    return backend.peakMemory(handle);
  }

  @Override
  public AttemptStatus status(String handle) {
    return backend.status(handle);
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
    if (ownsEngine) {
      backend.close();
    }
  }
}
