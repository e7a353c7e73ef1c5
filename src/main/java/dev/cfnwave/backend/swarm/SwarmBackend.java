package dev.cfnwave.backend.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.BackendCapabilities;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.EndHints;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.LocalImage;
import dev.cfnwave.backend.NodeCapacity;
import dev.cfnwave.backend.PullProgress;
import dev.cfnwave.backend.RemoteImage;
import dev.cfnwave.backend.SavedLog;
import dev.cfnwave.engine.Deadline;
import dev.cfnwave.engine.DockerConnection;
import dev.cfnwave.engine.DockerEngine;
import dev.cfnwave.engine.DockerFailures;
import dev.cfnwave.engine.NameConflictException;
import dev.cfnwave.event.WaveListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Swarm backend: one attempt is one replicated service of one replica that is never restarted,
 * named by the attempt, placed by Swarm on a node with the memory it reserves; the handle is the
 * service's id. Talks to a manager. Task states give the ends ({@link SwarmTasks}); a stop scales
 * the service to 0 (Swarm cannot signal a task) and disposal removes it.
 */
public final class SwarmBackend implements Backend {

  public static final String NAME = "swarm";

  /**
   * Tasks placed on nodes by their memory reservation, when a node has room (pending until then);
   * creating the service is the whole launch; a service scaled to 0 loses its task's exit code.
   */
  public static final BackendCapabilities CAPABILITIES =
      new BackendCapabilities(true, true, false, false);

  private final DockerEngine manager;
  private final SwarmApi api;
  private final SwarmServiceLogs logs;
  private final Deadline deadline;
  private final Duration pollInterval;
  private final SwarmNodes nodes;
  private final SwarmServices services;
  private final AtomicBoolean warned = new AtomicBoolean();
  private final Set<String> scaledDown = ConcurrentHashMap.newKeySet();
  private final SwarmOomCheck oom;
  private final SwarmImages images;
  private volatile String managerNode;

  SwarmBackend(
      DockerConnection connection,
      Duration callLimit,
      Duration pollInterval,
      Map<String, String> environment) {
    this.manager = DockerEngine.over(connection, callLimit);
    this.deadline =
        SwarmApi.deadline(
            connection.http(),
            callLimit,
            failure -> DockerFailures.translate(failure, connection.host()));
    this.api = new SwarmApi(connection.http(), deadline, callLimit);
    this.logs = new SwarmServiceLogs(connection::client, callLimit);
    this.pollInterval = pollInterval;
    this.oom = new SwarmOomCheck(manager, this::managerNode, environment, callLimit);
    this.nodes = new SwarmNodes(() -> api.get("/nodes", "list nodes"));
    this.services = new SwarmServices(api, nodes);
    this.images = new SwarmImages(connection::registries, manager::remoteImage, api.mapper());
  }

  /**
   * The manager that DOCKER_HOST, a context and friends in {@code environment} name; the engines of
   * other nodes that CFN_SWARM_NODE_ENGINES names confirm OOM kills.
   */
  public static SwarmBackend connect(Map<String, String> environment, Duration callLimit) {
    return new SwarmBackend(
        DockerConnection.open(environment, callLimit),
        callLimit,
        Duration.ofSeconds(1),
        environment);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String describe() {
    JsonNode swarm = api.get("/info", "info").path("Swarm");
    if (!swarm.path("ControlAvailable").asBoolean(false)) {
      throw new EngineException(
          "the engine is not a Swarm manager (swarm state "
              + swarm.path("LocalNodeState").asText("?")
              + "): the swarm backend needs one");
    }
    return manager.info().version() + " Swarm manager, " + capacity().size() + " ready nodes";
  }

  /**
   * Always 0: Swarm does the cluster's accounting itself. Every service reserves its limit on the
   * node it places a task on, and a task that fits no node stays pending, so runs sharing a swarm
   * cannot overcommit a node; memory a workload outside Swarm holds on a node is not known here.
   */
  @Override
  public long memoryHeldByOthers(Map<String, String> ownLabels) {
    return 0;
  }

  /** Every ready, active node with the memory it reports (Swarm does not publish free memory). */
  @Override
  public List<NodeCapacity> capacity() {
    return capacityFor(List.of());
  }

  /** Every ready, active node that satisfies the constraints, with the memory it reports. */
  @Override
  public List<NodeCapacity> capacityFor(List<String> constraints) {
    List<NodeCapacity> nodes = new ArrayList<>();
    for (JsonNode node : api.get("/nodes", "list nodes")) {
      if ("ready".equals(node.path("Status").path("State").asText())
          && "active".equals(node.path("Spec").path("Availability").asText())
          && SwarmConstraints.allow(node, constraints)) {
        long memory = node.path("Description").path("Resources").path("MemoryBytes").asLong();
        nodes.add(new NodeCapacity(node.path("ID").asText(), memory));
      }
    }
    return nodes;
  }

  /** Whether the manager has the image; each worker needs its own copy or a registry. */
  @Override
  public boolean hasImage(String image) {
    return manager.hasImage(image);
  }

  @Override
  public Optional<LocalImage> localImage(String image) {
    return manager.localImage(image);
  }

  @Override
  public Optional<RemoteImage> remoteImage(String image) {
    return manager.remoteImage(image);
  }

  @Override
  public void pull(String image, Duration timeout, PullProgress progress) {
    manager.pull(image, timeout, progress);
  }

  /**
   * "none" (or no network) needs nothing; another name must be a swarm-scope network, created as an
   * attachable overlay when missing.
   */
  @Override
  public boolean ensureNetwork(String network, Map<String, String> labels) {
    return services.ensureNetwork(network, labels);
  }

  @Override
  public String launch(AttemptSpec spec, WaveListener listener) {
    ServiceHardening hardening = new ServiceHardening(manager.capabilities().info().apiVersion());
    if (warned.compareAndSet(false, true)) {
      listener.warn(hardening.warning(api.get("/nodes", "list nodes")));
    }
    ObjectNode body = SwarmServiceSpecs.of(spec, api.mapper(), hardening.noNewPrivileges());
    Map<String, String> registryAuth = images.headers(spec.image(), listener);
    try {
      return api.post("/services/create", body, registryAuth, "create service " + spec.name())
          .path("ID")
          .asText();
    } catch (SwarmApi.Conflict conflict) {
      JsonNode existing = services.named(spec.name());
      if (existing != null && SwarmServices.sameAttempt(existing, spec)) {
        listener.info("service " + spec.name() + " exists already: taking it over");
        return existing.path("ID").asText();
      }
      throw new NameConflictException(spec.name(), conflict);
    }
  }

  @Override
  public List<String> removeUnusedNetworks() {
    String owned = api.filters(Map.of("label", List.of(CfnLabels.MANAGED + "=true")));
    return new SwarmNetworks(
            new SwarmNetworks.Calls() {
              @Override
              public JsonNode ownedNetworks() {
                return api.get("/networks?filters=" + owned, "list networks");
              }

              @Override
              public JsonNode services() {
                return api.get("/services", "list services");
              }

              @Override
              public JsonNode inspect(String id) {
                return api.get("/networks/" + SwarmApi.encode(id), "inspect network " + id);
              }

              @Override
              public void remove(String id) {
                api.delete("/networks/" + SwarmApi.encode(id), "remove network " + id);
              }
            })
        .removeUnused();
  }

  @Override
  public Map<String, AttemptStatus> recover(Map<String, String> labels) {
    Map<String, AttemptStatus> launched = new LinkedHashMap<>();
    listOwned(labels).forEach(a -> launched.put(a.name(), a));
    return launched;
  }

  @Override
  public List<AttemptStatus> listOwned(Map<String, String> labels) {
    List<String> filter =
        labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    String query = api.filters(Map.of("label", filter));
    return services.statuses(api.get("/services?filters=" + query, "list services"), query);
  }

  @Override
  public List<AttemptStatus> list(Collection<String> handles) {
    if (handles.isEmpty()) {
      return List.of();
    }
    List<String> ids = List.copyOf(handles);
    JsonNode found =
        api.get("/services?filters=" + api.filters(Map.of("id", ids)), "list services");
    return services.statuses(found, api.filters(Map.of("service", ids)));
  }

  @Override
  public AttemptStatus status(String handle) {
    JsonNode service = services.inspect(handle);
    String id = service.path("ID").asText();
    JsonNode tasks =
        api.get("/tasks?filters=" + api.filters(Map.of("service", List.of(id))), "list tasks");
    JsonNode latest = null;
    for (JsonNode task : tasks) {
      latest = SwarmTasks.latest(latest, task);
    }
    AttemptStatus status =
        SwarmTasks.status(
                service,
                latest,
                nodes::hostname,
                services.downNodes(latest == null ? List.of() : List.of(latest)))
            .onNode(nodes.nameOf(latest));
    return images.explain(oom.check(status, latest), latest);
  }

  /** Polls the tasks of every service this tool owns, one call per interval. */
  @Override
  public AutoCloseable watchEnds(EndHints hints) {
    String query = api.filters(Map.of("label", List.of(CfnLabels.MANAGED + "=true")));
    return SwarmEndPoller.start(
        () -> api.get("/tasks?filters=" + query, "list tasks"), hints, pollInterval);
  }

  /**
   * Scales the service to 0: Swarm stops its task with the grace the service was created with
   * ({@link SwarmServiceSpecs#STOP_GRACE}); {@code grace} only bounds the call.
   */
  @Override
  public void stop(String handle, Duration grace) {
    services.scaleToZero(services.inspect(handle), handle);
    scaledDown.add(handle);
  }

  @Override
  public SavedLog saveLog(String handle, Path file, long maxBytes) {
    status(handle);
    return logs.save(handle, file, maxBytes);
  }

  @Override
  public void dispose(String handle) {
    services.remove(handle, scaledDown.remove(handle));
  }

  @Override
  public BackendCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public void close() {
    oom.close();
    deadline.close();
    manager.close();
  }

  /** The manager's own node id, asked for once. */
  private String managerNode() {
    if (managerNode == null) {
      managerNode = api.get("/info", "info").path("Swarm").path("NodeID").asText("");
    }
    return managerNode;
  }
}
