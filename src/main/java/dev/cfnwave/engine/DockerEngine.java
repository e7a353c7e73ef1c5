package dev.cfnwave.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.SavedLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/** The Docker Engine behind {@link ContainerEngine}, over docker-java's zerodep transport. */
public final class DockerEngine implements ContainerEngine {

  /** How long one Engine API call may take unless CFN_ENGINE_TIMEOUT says otherwise. */
  public static final Duration DEFAULT_CALL_LIMIT = Duration.ofSeconds(60);

  private static final Duration INFO_LIMIT = Duration.ofSeconds(15);
  private static final Duration PULL_LIMIT = Duration.ofMinutes(10);

  private final DockerClient client;
  private final EngineReads reads;
  private final URI host;
  private final Duration callLimit;
  private final Deadline deadline;
  private final CgroupPeaks cgroups = CgroupPeaks.ofHost();

  private DockerEngine(DockerClient client, DockerHttpClient http, URI host, Duration callLimit) {
    this.client = client;
    this.reads = new EngineReads(http);
    this.host = host;
    this.callLimit = callLimit;
    this.deadline =
        new Deadline(
            this::translate, new EngineHealth(EngineHealth.DEFAULT_THRESHOLD), reads::ping);
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
    DockerConnection connection = DockerConnection.open(environment, callLimit);
    return new DockerEngine(connection.client(), connection.http(), connection.host(), callLimit);
  }

  /** The engine over a connection opened already (the Swarm backend's manager). */
  static DockerEngine over(DockerConnection connection, Duration callLimit) {
    return new DockerEngine(connection.client(), connection.http(), connection.host(), callLimit);
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
    return deadline.call(
        "info", INFO_LIMIT.compareTo(callLimit) < 0 ? INFO_LIMIT : callLimit, reads::info);
  }

  @Override
  public boolean hasImage(String image) {
    return deadline.call("inspect image " + image, callLimit, () -> reads.hasImage(image));
  }

  @Override
  public void pull(String image) {
    deadline.run(
        "pull " + image,
        PULL_LIMIT,
        () -> {
          try {
            client
                .pullImageCmd(image)
                .start()
                .awaitCompletion(PULL_LIMIT.toSeconds(), TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  @Override
  public boolean hasNetwork(String name) {
    return deadline.call("list networks", callLimit, () -> reads.hasNetwork(name));
  }

  @Override
  public void createNetwork(String name, Map<String, String> labels) {
    deadline.run(
        "create network " + name,
        callLimit,
        () -> {
          try {
            client
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
    HostConfig hostConfig = DockerHostConfigs.of(spec);
    List<String> env =
        spec.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    try {
      return deadline.containerCall(
          "create container " + spec.name(),
          callLimit,
          () -> {
            var command =
                client
                    .createContainerCmd(spec.image())
                    .withName(spec.name())
                    .withLabels(spec.labels())
                    .withEnv(env)
                    .withHostConfig(hostConfig);
            spec.security().runAs().ifPresent(command::withUser);
            return command.exec().getId();
          });
    } catch (EngineException e) {
      if (e.getCause() instanceof ConflictException conflict) {
        throw new NameConflictException(spec.name(), conflict);
      }
      throw e;
    }
  }

  @Override
  public void start(String containerId) {
    try {
      deadline.runContainerCall(
          "start container " + containerId,
          callLimit,
          () -> client.startContainerCmd(containerId).exec());
    } catch (EngineException e) {
      if (!(e.getCause() instanceof NotModifiedException)) {
        throw e;
      }
    }
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
        () -> reads.list(Map.of("status", List.of("running", "paused", "restarting"))));
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
    var callback = new EventStreamCallback(subscriber);
    deadline.run(
        "subscribe to events",
        callLimit,
        () ->
            client
                .eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER)
                .withEventFilter("die", "oom")
                .exec(callback));
    return callback::closeOnPurpose;
  }

  @Override
  public SavedLog saveLogs(String containerId, Path file, long maxBytes) {
    return DockerLogs.save(client, containerId, file, maxBytes, this::translate);
  }

  @Override
  public void stop(String containerId, Duration grace) {
    try {
      deadline.runContainerCall(
          "stop container " + containerId,
          callLimit.plus(grace),
          () ->
              client
                  .stopContainerCmd(containerId)
                  .withTimeout((int) Math.max(0, grace.toSeconds()))
                  .exec());
    } catch (EngineException e) {
      if (e.getCause() instanceof NotModifiedException) {
        return;
      }
      if (e.getCause() instanceof NotFoundException missing) {
        throw new ContainerNotFoundException(containerId, missing);
      }
      throw e;
    }
  }

  @Override
  public void remove(String containerId) {
    try {
      deadline.runContainerCall(
          "remove container " + containerId,
          callLimit,
          () ->
              client
                  .removeContainerCmd(containerId)
                  .withForce(true)
                  .withRemoveVolumes(true)
                  .exec());
    } catch (EngineException e) {
      if (e.getCause() instanceof NotFoundException missing) {
        throw new ContainerNotFoundException(containerId, missing);
      }
      throw e;
    }
  }

  @Override
  public void close() {
    deadline.close();
    try {
      client.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RuntimeException translate(Throwable failure) {
    return DockerFailures.translate(failure, host);
  }
}
