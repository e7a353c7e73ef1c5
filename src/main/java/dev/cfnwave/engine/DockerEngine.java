package dev.cfnwave.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.cfnwave.backend.AddressPoolRoom;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.ImagePullException;
import dev.cfnwave.backend.LocalImage;
import dev.cfnwave.backend.NetworkRoom;
import dev.cfnwave.backend.PullProgress;
import dev.cfnwave.backend.RemoteImage;
import dev.cfnwave.backend.SavedLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The Docker Engine behind {@link ContainerEngine}, over docker-java's zerodep transport. */
public final class DockerEngine implements ContainerEngine {

  /** How long one Engine API call may take unless CFN_ENGINE_TIMEOUT says otherwise. */
  public static final Duration DEFAULT_CALL_LIMIT = Duration.ofSeconds(60);

  private static final Duration INFO_LIMIT = Duration.ofSeconds(15);

  /**
   * A name no container can have (names begin with a letter or digit, ids are hex): inspecting it
   * costs the engine a lookup and answers 404, the probe that tells a wedged engine from a slow
   * one.
   */
  private static final String PROBE_NAME = "-cfn-wave-probe";

  private final DockerConnection connection;
  private final EngineReads reads;
  private final EngineWrites writes;
  private final RegistryCalls registry;
  private final ObjectMapper mapper = new ObjectMapper();
  private final URI host;
  private final Duration callLimit;
  private final Deadline deadline;
  private final CgroupPeaks cgroups = CgroupPeaks.ofHost();
  private final KernelOomLog kernelOoms = KernelOomLog.ofHost();
  private volatile EngineCapabilities capabilities;

  private DockerEngine(DockerConnection connection, Duration callLimit) {
    this.connection = connection;
    this.reads = new EngineReads(connection.http(), mapper);
    this.writes = new EngineWrites(connection.http(), mapper);
    this.host = connection.host();
    this.callLimit = callLimit;
    this.deadline =
        new Deadline(
            this::translate,
            new EngineHealth(EngineHealth.DEFAULT_THRESHOLD, EngineHealth.probeLimit(callLimit)),
            () -> reads.inspect(PROBE_NAME),
            reads::ping);
    this.registry =
        new RegistryCalls(connection.http(), mapper, deadline, connection::registries, callLimit);
  }

  /** Connects to the engine the process environment names, as the docker CLI would. */
  public static DockerEngine connect() {
    return connect(System.getenv(), DEFAULT_CALL_LIMIT);
  }

  /**
   * Connects to the engine that DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, DOCKER_CONTEXT
   * and DOCKER_CONFIG in {@code environment} name, as the docker CLI would (the local unix socket
   * when none is set); no call waits longer than {@code callLimit} for an answer (stopping a
   * container: plus its grace).
   */
  public static DockerEngine connect(Map<String, String> environment, Duration callLimit) {
    return new DockerEngine(DockerConnection.open(environment, callLimit), callLimit);
  }

  /** The engine over a connection opened already (the Swarm backend's manager). */
  public static DockerEngine over(DockerConnection connection, Duration callLimit) {
    return new DockerEngine(connection, callLimit);
  }

  /**
   * The unix socket of the engine this environment selects (DOCKER_HOST, a context, or the local
   * one), or empty for a tcp:// engine: a workspace holding it would hand containers the engine.
   */
  public static Optional<Path> unixSocket(Map<String, String> environment) {
    URI host = DockerEndpoints.resolve(environment).host();
    return "unix".equals(host.getScheme())
        ? Optional.of(Path.of(host.getPath()))
        : Optional.empty();
  }

  @Override
  public EngineInfo info() {
    return deadline.call("info", infoLimit(), reads::info);
  }

  private Duration infoLimit() {
    return INFO_LIMIT.compareTo(callLimit) < 0 ? INFO_LIMIT : callLimit;
  }

  /**
   * Read once, from /version alone (monitor asks at start-up, where /info's cost shows): an engine
   * does not change what it is while a command runs.
   */
  @Override
  public EngineCapabilities capabilities() {
    EngineCapabilities known = capabilities;
    if (known == null) {
      known = new EngineCapabilities(deadline.call("version", infoLimit(), reads::version));
      capabilities = known;
    }
    return known;
  }

  @Override
  public Optional<Boolean> killedByKernelOom(String containerId) {
    return kernelOoms.killed(containerId);
  }

  @Override
  public boolean hasImage(String image) {
    return deadline.call("inspect image " + image, callLimit, () -> reads.hasImage(image));
  }

  @Override
  public Optional<LocalImage> localImage(String image) {
    return deadline.call("inspect image " + image, callLimit, () -> reads.localImage(image));
  }

  @Override
  public Optional<RemoteImage> remoteImage(String image) {
    return registry.remote(image);
  }

  /**
   * Pulls with the credentials the environment's docker configuration holds for the image's
   * registry; a pull the engine ends without error must leave the image there.
   */
  @Override
  public void pull(String image, Duration timeout, PullProgress progress) {
    registry.pull(image, timeout, progress);
    if (localImage(image).isEmpty()) {
      throw new ImagePullException(
          ImagePullException.Reason.OTHER,
          "the engine ended the pull of " + image + " without error but does not have the image");
    }
  }

  @Override
  public void removeImage(String image) {
    deadline.run(
        "remove image " + image,
        callLimit,
        () -> connection.client().removeImageCmd(image).withForce(false).exec());
  }

  @Override
  public boolean hasNetwork(String name) {
    return deadline.call("list networks", callLimit, () -> reads.hasNetwork(name));
  }

  @Override
  public NetworkRoom networkRoom(String name) {
    return deadline.call("inspect network " + name, callLimit, () -> reads.networkRoom(name));
  }

  /** Only over a unix socket: a tcp:// engine's data root is on another host's disk. */
  @Override
  public Optional<Path> localDataRoot() {
    if (!"unix".equals(host.getScheme())) {
      return Optional.empty();
    }
    return deadline.call("info", infoLimit(), reads::dataRoot).map(Path::of);
  }

  @Override
  public Optional<AddressPoolRoom> addressPoolRoom() {
    return Optional.of(deadline.call("address pools", infoLimit(), reads::addressPoolRoom));
  }

  @Override
  public List<String> removeUnusedNetworks(List<String> labelFilters) {
    List<String> removed = new ArrayList<>();
    for (String name :
        deadline.call("list networks", callLimit, () -> reads.networkNames(labelFilters))) {
      boolean unused =
          deadline.call("inspect network " + name, callLimit, () -> reads.isUnused(name));
      if (unused) {
        deadline.run(
            "remove network " + name,
            callLimit,
            () -> {
              try {
                connection.client().removeNetworkCmd(name).exec();
                removed.add(name);
              } catch (NotFoundException | ConflictException e) {
                // gone already, or in use since: nothing to do
              }
            });
      }
    }
    return removed;
  }

  @Override
  public void createNetwork(String name, Map<String, String> labels) {
    deadline.run(
        "create network " + name,
        callLimit,
        () -> {
          try {
            connection
                .client()
                .createNetworkCmd()
                .withName(name)
                .withLabels(labels)
                .withCheckDuplicate(true)
                .exec();
          } catch (ConflictException e) {
            // Created meanwhile by a concurrent run: what we wanted exists.
          }
        });
  }

  @Override
  public String create(AttemptSpec spec) {
    return deadline.containerCall(
        "create container " + spec.name(), callLimit, () -> writes.create(spec));
  }

  @Override
  public void start(String containerId) {
    deadline.runContainerCall(
        "start container " + containerId, callLimit, () -> writes.start(containerId));
  }

  @Override
  public List<ContainerSummary> listByLabels(Map<String, String> labels) {
    return deadline.call(
        "list containers",
        callLimit,
        () ->
            reads.list(
                Map.of(
                    "label",
                    labels.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList())));
  }

  @Override
  public List<ContainerSummary> listByIds(Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return deadline.call("list containers", callLimit, () -> reads.list(Map.of("id", ids)));
  }

  @Override
  public List<ContainerSummary> listRunning() {
    return deadline.call(
        "list running containers",
        callLimit,
        () -> reads.list(Map.of("status", capabilities().runningStates())));
  }

  @Override
  public long memoryLimit(String containerId) {
    return deadline.call(
        "inspect container " + containerId, callLimit, () -> reads.memoryLimit(containerId));
  }

  @Override
  public OptionalLong peakMemory(String containerId) {
    OptionalLong local = cgroups.peak(containerId);
    if (local.isPresent()) {
      return local;
    }
    return deadline.call(
        "stats of container " + containerId, callLimit, () -> reads.statsPeak(containerId));
  }

  @Override
  public ContainerDetails inspect(String containerId) {
    return deadline.containerCall(
        "inspect container " + containerId, callLimit, () -> reads.inspect(containerId));
  }

  @Override
  public AutoCloseable subscribe(EventSubscriber subscriber) {
    deadline.requireAnswering();
    var stream = new EventStream(subscriber, mapper);
    stream.start(connection.http(), EventStream.SUBSCRIBING);
    return stream::closeOnPurpose;
  }

  @Override
  public SavedLog saveLogs(String containerId, Path file, long maxBytes) {
    deadline.requireAnswering();
    return DockerLogs.save(
        request ->
            deadline.containerCall(
                "logs of container " + containerId,
                callLimit,
                () -> connection.http().execute(request)),
        containerId,
        file,
        maxBytes);
  }

  @Override
  public void copyLogs(String containerId, java.io.OutputStream out, boolean follow) {
    deadline.requireAnswering();
    DockerLogs.copy(
        request ->
            deadline.containerCall(
                "logs of container " + containerId,
                callLimit,
                () -> connection.http().execute(request)),
        containerId,
        out,
        follow);
  }

  @Override
  public void stop(String containerId, Duration grace) {
    deadline.runContainerCall(
        "stop container " + containerId,
        callLimit.plus(grace),
        () -> writes.stop(containerId, grace));
  }

  @Override
  public void remove(String containerId) {
    deadline.runContainerCall(
        "remove container " + containerId, callLimit, () -> writes.remove(containerId));
  }

  @Override
  public void close() {
    deadline.close();
    try {
      connection.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RuntimeException translate(Throwable failure) {
    return DockerFailures.translate(failure, host);
  }
}
