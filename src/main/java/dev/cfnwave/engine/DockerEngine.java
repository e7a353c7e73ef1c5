package dev.cfnwave.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** The Docker Engine behind {@link ContainerEngine}, over docker-java's zerodep transport. */
public final class DockerEngine implements ContainerEngine {

  /** How long one Engine API call may take unless CFN_ENGINE_TIMEOUT says otherwise. */
  public static final Duration DEFAULT_CALL_LIMIT = Duration.ofSeconds(60);

  private static final Duration INFO_LIMIT = Duration.ofSeconds(15);
  private static final Duration PULL_LIMIT = Duration.ofMinutes(10);
  private static final Duration LOG_LIMIT = Duration.ofMinutes(5);
  private static final int MAX_CONNECTIONS = 64;

  private final DockerClient client;
  private final EngineReads reads;
  private final URI host;
  private final Duration callLimit;
  private final Deadline deadline;

  private DockerEngine(DockerClient client, DockerHttpClient http, URI host, Duration callLimit) {
    this.client = client;
    this.reads = new EngineReads(http);
    this.host = host;
    this.callLimit = callLimit;
    this.deadline = new Deadline(this::translate);
  }

  /** Connects to DOCKER_HOST, or to the local unix socket when it is not set. */
  public static DockerEngine connect() {
    return connect(System.getenv("DOCKER_HOST"), DEFAULT_CALL_LIMIT);
  }

  /**
   * Connects to the given engine address (unix:// or tcp://), or the default one when null; no call
   * waits longer than {@code callLimit} for an answer (stopping a container: plus its grace).
   */
  public static DockerEngine connect(String dockerHost, Duration callLimit) {
    var builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
    if (dockerHost != null && !dockerHost.isBlank()) {
      builder.withDockerHost(dockerHost);
    }
    DockerClientConfig config = builder.build();
    var http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(sslConfig(config))
            .maxConnections(MAX_CONNECTIONS)
            .connectionTimeout(Duration.ofSeconds(10))
            .responseTimeout(callLimit)
            .build();
    return new DockerEngine(
        DockerClientImpl.getInstance(config, http), http, config.getDockerHost(), callLimit);
  }

  /**
   * On a unix socket TLS is never used, yet the HTTP client would load the JDK's whole trust store
   * at start (a third of cfn-wave's start-up): hand it an empty TLS context instead.
   */
  private static SSLConfig sslConfig(DockerClientConfig config) {
    if (!"unix".equals(config.getDockerHost().getScheme())) {
      return config.getSSLConfig();
    }
    return () -> {
      try {
        SSLContext unused = SSLContext.getInstance("TLS");
        unused.init(new KeyManager[0], new TrustManager[0], null);
        return unused;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("TLS is part of every JDK", e);
      }
    };
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
  public String create(ContainerSpec spec) {
    HostConfig hostConfig =
        HostConfig.newHostConfig()
            .withMemory(spec.memoryLimitBytes())
            .withMemoryReservation(spec.memoryLimitBytes())
            .withMemorySwap(spec.memoryLimitBytes());
    harden(hostConfig, spec.security());
    spec.workspaceMount()
        .ifPresent(
            path ->
                hostConfig.withMounts(
                    List.of(
                        new Mount()
                            .withType(MountType.BIND)
                            .withSource(path.toString())
                            .withTarget(ContainerSpec.WORKSPACE_TARGET))));
    spec.networkName().ifPresent(hostConfig::withNetworkMode);
    List<String> env =
        spec.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    try {
      return deadline.call(
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

  private static void harden(HostConfig hostConfig, ContainerSecurity security) {
    hostConfig
        .withPrivileged(false)
        .withSecurityOpts(List.of("no-new-privileges"))
        .withCapDrop(Capability.ALL)
        .withCapAdd(
            security.capabilitiesAdded().stream()
                .map(Capability::valueOf)
                .toArray(Capability[]::new))
        .withPidsLimit(security.pidsLimit())
        .withReadonlyRootfs(security.readOnlyRootFilesystem());
    if (security.readOnlyRootFilesystem()) {
      hostConfig.withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=256m"));
    }
  }

  @Override
  public void start(String containerId) {
    deadline.run(
        "start container " + containerId,
        callLimit,
        () -> client.startContainerCmd(containerId).exec());
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
  public ContainerDetails inspect(String containerId) {
    return deadline.call(
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
    try (var sink = new CappedLogFile(file, maxBytes)) {
      var callback =
          client
              .logContainerCmd(containerId)
              .withStdOut(true)
              .withStdErr(true)
              .withFollowStream(false)
              .exec(sink.callback());
      try {
        if (!callback.awaitCompletion(LOG_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
          sink.markCut("log stream did not end within " + LOG_LIMIT.toSeconds() + " s");
        }
      } finally {
        callback.close();
      }
      return sink.finish();
    } catch (NotFoundException e) {
      throw new ContainerNotFoundException(containerId, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("save logs of " + containerId + ": interrupted");
    } catch (IOException e) {
      throw new EngineException(
          "save logs of " + containerId + " to " + file + ": " + e.getMessage(), e);
    } catch (DockerException e) {
      throw translate(e);
    }
  }

  @Override
  public void stop(String containerId, Duration grace) {
    try {
      deadline.run(
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
      deadline.run(
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
    if (failure instanceof EngineException known) {
      return known;
    }
    if (failure instanceof DockerException docker) {
      return new EngineException(
          "engine answered " + docker.getHttpStatus() + ": " + firstLine(docker.getMessage()),
          docker);
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return new EngineUnavailableException(
            "cannot reach the Docker engine at "
                + host
                + ": "
                + firstLine(String.valueOf(cause.getMessage()))
                + " (is dockerd running? scripts/ensure-docker.sh starts one)",
            failure);
      }
    }
    return new EngineException("engine call failed: " + failure, failure);
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String trimmed = text.strip();
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline);
  }
}
