package dev.cfnwave.engine;

import dev.cfnwave.backend.AddressPoolRoom;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.LocalImage;
import dev.cfnwave.backend.NetworkRoom;
import dev.cfnwave.backend.PullProgress;
import dev.cfnwave.backend.RemoteImage;
import dev.cfnwave.backend.SavedLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Engine API calls the Docker backend makes, in container terms: {@code DockerEngine} makes
 * them, the tests' in-memory engine fakes them. Only the Docker backend sees it; everything above
 * the backends speaks to {@code backend.Backend}. Every call has a deadline and fails with an
 * {@link EngineException} subclass.
 */
public interface ContainerEngine extends AutoCloseable {

  EngineInfo info();

  /** Where this engine differs from a current Docker engine. */
  default EngineCapabilities capabilities() {
    return new EngineCapabilities(info());
  }

  /**
   * Whether the kernel of this host logged an OOM kill in the container's memory cgroup; empty when
   * its log cannot be read here. For engines that do not report OOM kills themselves.
   */
  default Optional<Boolean> killedByKernelOom(String containerId) {
    return Optional.empty();
  }

  boolean hasImage(String image);

  /** The image as the engine holds it, or empty when it does not. */
  Optional<LocalImage> localImage(String image);

  /** What the image's registry says of it (Engine API /distribution), without pulling. */
  default Optional<RemoteImage> remoteImage(String image) {
    return Optional.empty();
  }

  /**
   * The highest memory the running container has used so far, in bytes: from its cgroup when the
   * engine is local, else the engine's one-shot stats (exact on cgroup v1, else the usage now).
   * Empty when not known, or once it ended.
   */
  default OptionalLong peakMemory(String containerId) {
    return OptionalLong.empty();
  }

  /** Pulls an image within the timeout; fails with an {@code ImagePullException} saying why. */
  void pull(String image, Duration timeout, PullProgress progress);

  /** Removes an image by name or id, without force; fails while a container uses it. */
  void removeImage(String image);

  boolean hasNetwork(String name);

  void createNetwork(String name, Map<String, String> labels);

  /**
   * The network's room for endpoints and the endpoints it holds now ({@link NetworkRoom});
   * unlimited when the engine does not say.
   */
  default NetworkRoom networkRoom(String name) {
    return NetworkRoom.unlimited(name);
  }

  /**
   * The engine's data root (images, containers' layers) when the engine runs on this host, where
   * its free disk can be measured; empty for a remote engine or one that does not say.
   */
  default Optional<Path> localDataRoot() {
    return Optional.empty();
  }

  /** How many more networks its default address pools hold; empty when not known. */
  default Optional<AddressPoolRoom> addressPoolRoom() {
    return Optional.empty();
  }

  /**
   * Removes the networks carrying all these labels (a label without "=": carrying it at all) that
   * no container, in any state, is connected to or configured for; a network removed or taken into
   * use meanwhile is left alone.
   *
   * @return the names of the networks removed
   */
  default List<String> removeUnusedNetworks(List<String> labelFilters) {
    return List.of();
  }

  /**
   * Creates a container and returns its id.
   *
   * @throws NameConflictException when a container of that name exists already
   */
  String create(AttemptSpec spec);

  /** Starts the container; one that is already running counts as started (a late retry's). */
  void start(String containerId);

  /** Every container, running or not, that carries all of the given labels. */
  List<ContainerSummary> listByLabels(Map<String, String> labels);

  /** Every container, running or not, whose id starts with one of the given ids. */
  List<ContainerSummary> listByIds(Collection<String> ids);

  /**
   * Every container of the engine that holds memory (running, paused, or restarting where the
   * engine has that state), whoever made it.
   */
  List<ContainerSummary> listRunning();

  /**
   * The container's memory limit in bytes, 0 when it has none.
   *
   * @throws ContainerNotFoundException when the engine does not know it
   */
  long memoryLimit(String containerId);

  /**
   * @throws ContainerNotFoundException when the engine does not know it
   */
  ContainerDetails inspect(String containerId);

  /** Subscribes to container die and oom events; close the result to stop. */
  AutoCloseable subscribe(EventSubscriber subscriber);

  /** Writes the container's stdout and stderr to a file, at most maxBytes of them. */
  SavedLog saveLogs(String containerId, Path file, long maxBytes);

  /**
   * Writes the container's stdout and stderr to {@code out} and, with {@code follow}, what it
   * writes until it stops.
   *
   * @throws ContainerNotFoundException when the engine does not know it
   */
  void copyLogs(String containerId, java.io.OutputStream out, boolean follow);

  /** Stops a running container: SIGTERM, then SIGKILL after the grace period. */
  void stop(String containerId, Duration grace);

  /** Removes a container, running or not, with its anonymous volumes. */
  void remove(String containerId);

  @Override
  void close();
}
