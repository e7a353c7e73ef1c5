package dev.cfnwave.backend.memory;

import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.docker.DockerBackend;
import dev.cfnwave.backend.docker.Failpoint;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.testing.ManualClock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * An in-memory {@link Backend} for unit tests of everything above the backend interface: the Docker
 * backend's own logic (launch, take-over, status, hints) over an {@link InMemoryEngine}, so that
 * what the tests see is what the Docker backend does, without a daemon. An attempt's TASK_PROMPT is
 * its behaviour ("ms=200 exit=3", "oom", "hold"; see {@link InMemoryEngine}); the test controls
 * (finish, timeline, lost answers, refusals) are the engine's.
 */
public final class InMemoryBackend extends DelegatingBackend {

  private final InMemoryEngine engine;
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
    super(new DockerBackend(engine, Failpoint.NONE, Duration.ZERO));
    this.engine = engine;
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

  /** The engine's images and the registry behind it. */
  public FakeImages images() {
    return engine.images();
  }

  /** See {@link InMemoryEngine#refuse}. */
  public void refuse(String call, String batchId) {
    engine.refuse(call, batchId);
  }

  @Override
  public String describe() {
    return "in-memory " + super.describe();
  }

  /** Launches with no one listening. */
  public String launch(AttemptSpec spec) {
    return launch(spec, WaveListener.NONE);
  }

  @Override
  public void close() {
    if (ownsEngine) {
      super.close();
    }
  }
}
