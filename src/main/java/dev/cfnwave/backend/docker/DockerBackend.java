package dev.cfnwave.backend.docker;

import dev.cfnwave.backend.AddressPoolRoom;
import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.BackendCapabilities;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.EndHints;
import dev.cfnwave.backend.LocalImage;
import dev.cfnwave.backend.NetworkRoom;
import dev.cfnwave.backend.NodeCapacity;
import dev.cfnwave.backend.PullProgress;
import dev.cfnwave.backend.RemoteImage;
import dev.cfnwave.backend.SavedLog;
import dev.cfnwave.engine.ContainerDetails;
import dev.cfnwave.engine.ContainerEngine;
import dev.cfnwave.engine.ContainerNotFoundException;
import dev.cfnwave.engine.ContainerState;
import dev.cfnwave.engine.ContainerSummary;
import dev.cfnwave.engine.EngineEvent;
import dev.cfnwave.engine.EventSubscriber;
import dev.cfnwave.event.WaveListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Docker backend: one attempt is one container, named by the attempt, on one engine (one node).
 * A handle is the container's id. Containers end as die/oom events say (hints) and inspect
 * confirms; a container created but never started is an attempt whose launch did not complete.
 */
public final class DockerBackend implements Backend {

  public static final String NAME = "docker";

  /** One host; create and start are two steps; a started container runs and keeps its exit code. */
  public static final BackendCapabilities CAPABILITIES =
      new BackendCapabilities(false, false, true, true);

  private final ContainerEngine engine;
  private final Failpoint failpoint;
  private final Duration firstPause;
  private final Map<String, Long> limits = new ConcurrentHashMap<>();

  /** The backend over this engine; {@code failpoint} halts launches on purpose (tests only). */
  public DockerBackend(ContainerEngine engine, Failpoint failpoint) {
    this(engine, failpoint, DockerLaunch.FIRST_PAUSE);
  }

  /** With the pause before a launch's second try (doubling after it). */
  public DockerBackend(ContainerEngine engine, Failpoint failpoint, Duration firstPause) {
    this.engine = engine;
    this.failpoint = failpoint;
    this.firstPause = firstPause;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String describe() {
    return engine.info().describe();
  }

  @Override
  public Optional<String> engineCaution() {
    return engine.capabilities().differences();
  }

  @Override
  public List<NodeCapacity> capacity() {
    return List.of(new NodeCapacity("local", engine.info().totalMemoryBytes()));
  }

  /**
   * Sums the limits of the engine's running containers that do not carry all of {@code ownLabels}.
   * A container's limit is read once (one inspect) and remembered while it runs.
   */
  @Override
  public long memoryHeldByOthers(Map<String, String> ownLabels) {
    List<ContainerSummary> running = engine.listRunning();
    Set<String> ids = new HashSet<>();
    long held = 0;
    for (ContainerSummary c : running) {
      ids.add(c.id());
      if (c.labels().entrySet().containsAll(ownLabels.entrySet())) {
        continue;
      }
      Long limit = limits.get(c.id());
      if (limit == null) {
        try {
          limit = engine.memoryLimit(c.id());
        } catch (ContainerNotFoundException gone) {
          continue;
        }
        limits.put(c.id(), limit);
      }
      held += limit;
    }
    limits.keySet().retainAll(ids);
    return held;
  }

  @Override
  public OptionalLong peakMemory(String handle) {
    return engine.peakMemory(handle);
  }

  @Override
  public boolean hasImage(String image) {
    return engine.hasImage(image);
  }

  @Override
  public Optional<LocalImage> localImage(String image) {
    return engine.localImage(image);
  }

  @Override
  public Optional<RemoteImage> remoteImage(String image) {
    return engine.remoteImage(image);
  }

  @Override
  public void pull(String image, Duration timeout, PullProgress progress) {
    engine.pull(image, timeout, progress);
  }

  @Override
  public void removeImage(String image) {
    engine.removeImage(image);
  }

  /**
   * On an engine with moby/moby#46661: what to expect and do. Only for user-defined networks, where
   * it was seen; the deadlock's code path (joining and leaving a network) is not limited to them,
   * and no wedge was measured on any network in bench/engine-wedge.sh's rounds.
   */
  @Override
  public Optional<String> networkCaution(String network) {
    if (!NetworkCautions.isUserDefined(network)) {
      return Optional.empty();
    }
    return NetworkCautions.forNetwork(network, engine.capabilities());
  }

  /**
   * Unlimited for the networks that attach no endpoint ({@code none}, {@code host}, container:).
   */
  @Override
  public NetworkRoom networkRoom(String network) {
    if (network.equals("none") || network.equals("host") || network.startsWith("container:")) {
      return NetworkRoom.unlimited(network);
    }
    return engine.networkRoom(network);
  }

  @Override
  public boolean hasNetwork(String network) {
    return network.equals("none")
        || network.equals("host")
        || network.startsWith("container:")
        || engine.hasNetwork(network);
  }

  @Override
  public Optional<AddressPoolRoom> addressPoolRoom() {
    return engine.addressPoolRoom();
  }

  @Override
  public Optional<Path> localDataRoot() {
    return engine.localDataRoot();
  }

  /**
   * The extra networks --networks-per-run made ({@link CfnLabels#SPREAD_OF}), once unused; the
   * run's first network stays, as the seed keeps {@code cfn-network}.
   */
  @Override
  public List<String> removeUnusedNetworks() {
    return engine.removeUnusedNetworks(List.of(CfnLabels.MANAGED + "=true", CfnLabels.SPREAD_OF));
  }

  @Override
  public boolean ensureNetwork(String network, Map<String, String> labels) {
    if (engine.hasNetwork(network)) {
      return false;
    }
    engine.createNetwork(network, labels);
    return true;
  }

  @Override
  public String launch(AttemptSpec spec, WaveListener listener) {
    return prepare(spec, listener).start();
  }

  /** Creates the container; starting it is the second step. */
  @Override
  public Prepared prepare(AttemptSpec spec, WaveListener listener) {
    return new DockerLaunch(engine, listener, firstPause, failpoint).prepare(spec);
  }

  @Override
  public Map<String, AttemptStatus> recover(Map<String, String> labels) {
    Map<String, AttemptStatus> launched = new LinkedHashMap<>();
    for (ContainerSummary c : engine.listByLabels(labels)) {
      if (c.state() != ContainerState.CREATED) {
        launched.put(c.name(), status(c));
      }
    }
    return launched;
  }

  @Override
  public List<AttemptStatus> listOwned(Map<String, String> labels) {
    return engine.listByLabels(labels).stream().map(DockerBackend::status).toList();
  }

  @Override
  public List<AttemptStatus> list(Collection<String> handles) {
    return engine.listByIds(handles).stream().map(DockerBackend::status).toList();
  }

  @Override
  public AttemptStatus status(String handle) {
    OomVerdict.Judged judged = new OomVerdict(engine).judge(engine.inspect(handle));
    ContainerDetails d = judged.details();
    return new AttemptStatus(
        d.id(),
        d.name(),
        phase(d.state()),
        d.state().wireName(),
        d.exitCode(),
        d.oomKilled(),
        judged.doubt(),
        d.startedAt(),
        d.finishedAt(),
        d.labels(),
        0,
        null);
  }

  @Override
  public AutoCloseable watchEnds(EndHints hints) {
    return engine.subscribe(
        new EventSubscriber() {
          @Override
          public void onEvent(EngineEvent event) {
            if (event.isExit()) {
              hints.ended(event.containerId());
            }
          }

          @Override
          public void onStreamEnd(Throwable cause) {
            hints.streamEnded(cause);
          }
        });
  }

  @Override
  public void stop(String handle, Duration grace) {
    engine.stop(handle, grace);
  }

  @Override
  public SavedLog saveLog(String handle, Path file, long maxBytes) {
    return engine.saveLogs(handle, file, maxBytes);
  }

  @Override
  public void copyLog(String handle, java.io.OutputStream out, boolean follow) {
    engine.copyLogs(handle, out, follow);
  }

  /** Removes the container with its anonymous volumes. */
  @Override
  public void dispose(String handle) {
    engine.remove(handle);
  }

  @Override
  public void close() {
    engine.close();
  }

  private static AttemptStatus status(ContainerSummary c) {
    return new AttemptStatus(
        c.id(),
        c.name(),
        phase(c.state()),
        c.state().wireName(),
        c.exitCodeHint() == null ? null : c.exitCodeHint().longValue(),
        false,
        null,
        null,
        null,
        c.labels(),
        c.anonymousVolumes(),
        null);
  }

  private static AttemptPhase phase(ContainerState state) {
    if (state == ContainerState.CREATED) {
      return AttemptPhase.LAUNCHING;
    }
    return state.isFinished() ? AttemptPhase.ENDED : AttemptPhase.RUNNING;
  }

  @Override
  public BackendCapabilities capabilities() {
    return CAPABILITIES;
  }
}
