package dev.cfnwave.backend;

import dev.cfnwave.event.WaveListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where attempts run, in the domain's terms (shaped like Nomad's task driver interface): launch an
 * attempt under its deterministic name and get an opaque handle, learn how it ended, stop it, save
 * its log, dispose of it, list what this tool owns, recover handles after a crash, report capacity.
 * Docker is one implementation. Every call has a deadline and fails with an {@link
 * dev.cfnwave.backend.EngineException} (the backend's error); a handle the backend does not know
 * fails with {@link AttemptNotFoundException}.
 */
public interface Backend extends AutoCloseable {

  /** The backend's name, as journals record it ("docker"). */
  String name();

  /** One line about the backend itself, such as its version. */
  String describe();

  /** The memory attempts may use, per node (Docker: one node). */
  List<NodeCapacity> capacity();

  /**
   * The memory held now by whatever runs where attempts run, except the attempts carrying all of
   * {@code ownLabels}: the memory limits of other runs' attempts, of spawned waves and of any other
   * workload with a limit. A run counts it against the engine's budget when it admits.
   */
  long memoryHeldByOthers(Map<String, String> ownLabels);

  /**
   * The memory per node for attempts under these placement constraints: only the nodes that satisfy
   * them all (a backend without nodes ignores them).
   */
  default List<NodeCapacity> capacityFor(List<String> constraints) {
    return capacity();
  }

  /** Whether the image is available where attempts run. */
  boolean hasImage(String image);

  /**
   * The image as it is held where attempts run (Swarm: on the manager), or empty when it is not
   * there.
   */
  Optional<LocalImage> localImage(String image);

  /**
   * What the image's registry says of it, without pulling it: empty when the reference names no
   * registry image the engine can look up (an image built here, a registry that does not answer the
   * lookup).
   *
   * @throws ImagePullException when the registry refuses (credentials, no such tag)
   */
  default Optional<RemoteImage> remoteImage(String image) {
    return Optional.empty();
  }

  /**
   * A warning to give once before attempts join this network, when this backend knows of a problem
   * with it (Docker: an engine version that can deadlock on user-defined networks).
   */
  default Optional<String> networkCaution(String network) {
    return Optional.empty();
  }

  /**
   * One line, given once at start-up, on what this backend's engine does differently from a current
   * Docker engine (Podman 4: no OOM kill reports); empty when nothing.
   */
  default Optional<String> engineCaution() {
    return Optional.empty();
  }

  /**
   * Fetches the image where attempts run, with the credentials the user's docker configuration
   * holds for its registry, telling {@code progress} as layers arrive.
   *
   * @throws ImagePullException when it cannot, saying why in one sentence
   */
  void pull(String image, Duration timeout, PullProgress progress);

  /**
   * Removes an image where attempts run, by name or id, as {@code docker rmi} does without force
   * (refused while a container uses it). Where images live on nodes this tool does not reach
   * (Swarm), nothing is removed.
   */
  default void removeImage(String image) {}

  /**
   * Makes sure the named network exists, creating it with these labels when it does not.
   *
   * @return whether it was created now
   */
  boolean ensureNetwork(String network, Map<String, String> labels);

  /**
   * Removes the networks this tool created where they are shared infrastructure (Swarm: the overlay
   * made for runs; Docker: the extra networks {@code --networks-per-run} made, {@code
   * cfn-network-2} and on) once nothing uses them; a network a user created is never removed. On a
   * single engine the run's first network stays, as the seed keeps {@code cfn-network}.
   *
   * @return the names of the networks removed
   */
  default List<String> removeUnusedNetworks() {
    return List.of();
  }

  /**
   * How many attempts the network holds now and can hold at most, whoever started them: a run
   * admits an attempt only while its network has room, so that a full network makes batches wait
   * instead of failing. Unlimited where nothing is counted (Docker: {@code none}, {@code host},
   * another container's network; Swarm: its overlays, whose room this tool does not read).
   */
  default NetworkRoom networkRoom(String network) {
    return NetworkRoom.unlimited(network);
  }

  /**
   * Whether the named network exists where attempts run (so a run would not create it); true where
   * the backend does not tell.
   */
  default boolean hasNetwork(String network) {
    return true;
  }

  /**
   * How many more networks the engine can create from its default address pools; empty where the
   * backend does not tell (Swarm's overlays come from the swarm's own pool).
   */
  default Optional<AddressPoolRoom> addressPoolRoom() {
    return Optional.empty();
  }

  /**
   * The engine's data root (images, containers' writable layers) when it is on this host, where its
   * free disk can be measured; empty for a remote engine or where the backend does not tell.
   */
  default Optional<Path> localDataRoot() {
    return Optional.empty();
  }

  /**
   * Launches the attempt under {@code spec.name()} and returns its handle. Idempotent: launching an
   * attempt of the same run and batch whose launch was cut short (a lost answer, a crash) completes
   * that launch instead of making a second one. The name taken by anything else fails with {@link
   * dev.cfnwave.engine.NameConflictException}; a launch that fails leaves nothing behind.
   *
   * @param listener told about retries and take-overs
   */
  String launch(AttemptSpec spec, WaveListener listener);

  /**
   * The same launch in two steps, so that the next attempts can be prepared while others start:
   * this step does what may run ahead (Docker: creating the container), {@link Prepared#start} the
   * rest, with the same guarantees as {@link #launch}. Where a launch is one step, preparing does
   * nothing.
   */
  default Prepared prepare(AttemptSpec spec, WaveListener listener) {
    return () -> launch(spec, listener);
  }

  /** An attempt {@link #prepare}d and not yet started. */
  interface Prepared {
    /** Completes the launch and returns the attempt's handle. */
    String start();
  }

  /**
   * After a crash: the attempts carrying all these labels that were launched, by their
   * deterministic name. Attempts whose launch never completed are left out: launching them again
   * completes it.
   */
  Map<String, AttemptStatus> recover(Map<String, String> labels);

  /** Every attempt this tool owns that carries all these labels, ended or not. */
  List<AttemptStatus> listOwned(Map<String, String> labels);

  /** The attempts of these handles (a handle's unique prefix will do), ended or not. */
  List<AttemptStatus> list(Collection<String> handles);

  /**
   * The authoritative status of one attempt, by handle or name.
   *
   * @throws AttemptNotFoundException when the backend does not know it
   */
  AttemptStatus status(String handle);

  /**
   * Streams hints that attempts may have ended; close the result to stop. Hints can be late, lost
   * or doubled: callers confirm with {@link #status} and reconcile with a listing.
   */
  AutoCloseable watchEnds(EndHints hints);

  /**
   * The highest memory the running attempt has used so far, in bytes, when this backend can tell
   * (Docker: its cgroup's high-water mark on a local engine, else a stats sample). Empty when not
   * known or once it ended, so callers sample it while it runs. Swarm: not known (the task's
   * container lives on a node this tool does not reach).
   */
  default OptionalLong peakMemory(String handle) {
    return OptionalLong.empty();
  }

  /** Asks a running attempt to stop, and forces it after the grace period. */
  void stop(String handle, Duration grace);

  /** Streams the attempt's output to a file, at most {@code maxBytes} of it. */
  SavedLog saveLog(String handle, Path file, long maxBytes);

  /**
   * Writes the attempt's output to {@code out} as it is now and, with {@code follow}, what it
   * writes until it ends (as {@code docker logs -f}); blocks until then. By default, what {@link
   * #saveLog} saves, and no following.
   *
   * @throws UnsupportedOperationException to follow, where this backend cannot
   * @throws AttemptNotFoundException when the backend does not know it
   */
  default void copyLog(String handle, OutputStream out, boolean follow) {
    if (follow) {
      throw new UnsupportedOperationException("the " + name() + " backend cannot follow a log");
    }
    try {
      Path file = Files.createTempFile("cfn-wave-", ".log");
      try {
        saveLog(handle, file, Long.MAX_VALUE);
        Files.copy(file, out);
        out.flush();
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new EngineException("log of " + handle + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes the attempt and whatever the backend made for it, running or not.
   *
   * @throws AttemptNotFoundException when it is gone already
   */
  void dispose(String handle);

  /** What this kind of backend does differently: the same record as before connecting. */
  BackendCapabilities capabilities();

  @Override
  void close();
}
