package dev.cfnwave.backend.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfnwave.backend.AttemptNotFoundException;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.NetworkUnusableException;
import dev.cfnwave.engine.EngineReads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The manager's service, task and network calls that {@link SwarmBackend} composes: inspecting,
 * scaling to 0 and removing a service, finding one by name, the statuses of services from their
 * latest tasks, and the overlay network attempts join.
 */
final class SwarmServices {

  private static final Duration REAPING_POLL = Duration.ofMillis(100);

  private final SwarmApi api;
  private final SwarmNodes nodes;

  SwarmServices(SwarmApi api, SwarmNodes nodes) {
    this.api = api;
    this.nodes = nodes;
  }

  /** The service's inspection. */
  JsonNode inspect(String handle) {
    try {
      return api.get("/services/" + SwarmApi.encode(handle), "inspect service " + handle);
    } catch (EngineReads.NotFound e) {
      throw new AttemptNotFoundException("service " + handle + " not found", handle, e);
    }
  }

  /** Updates the inspected service to 0 replicas: Swarm stops its task. */
  void scaleToZero(JsonNode service, String handle) {
    ObjectNode spec = (ObjectNode) service.path("Spec").deepCopy();
    ((ObjectNode) spec.path("Mode").path("Replicated")).put("Replicas", 0);
    long version = service.path("Version").path("Index").asLong();
    api.post(
        "/services/" + service.path("ID").asText() + "/update?version=" + version,
        spec,
        "scale service " + handle + " to 0");
  }

  /** Removes the service, first waiting for its task's reaping when it was scaled to 0. */
  void remove(String handle, boolean scaledDown) {
    if (scaledDown) {
      awaitReaping(handle);
    }
    try {
      api.delete("/services/" + SwarmApi.encode(handle), "remove service " + handle);
    } catch (EngineReads.NotFound e) {
      throw new AttemptNotFoundException("service " + handle + " not found", handle, e);
    }
  }

  /**
   * Waits (at most the stop grace and a little) until no task of a service this backend scaled to 0
   * waits to be reaped: removing a service while Swarm's task reaper deletes one of its tasks (the
   * task of a service just scaled to 0) crashes a Docker 20.10 manager outright (swarmkit's
   * SetServiceTasksRemove meets a deleted task: nil pointer dereference), as its log showed once
   * while the Swarm tests ran.
   */
  private void awaitReaping(String handle) {
    String query = api.filters(Map.of("service", List.of(handle)));
    long deadline = System.nanoTime() + SwarmServiceSpecs.STOP_GRACE.plusSeconds(5).toNanos();
    while (System.nanoTime() - deadline < 0) {
      boolean reaping = false;
      try {
        for (JsonNode task : api.get("/tasks?filters=" + query, "list tasks of " + handle)) {
          reaping |= "remove".equals(task.path("DesiredState").asText());
        }
      } catch (EngineReads.NotFound e) {
        return;
      }
      if (!reaping) {
        return;
      }
      try {
        Thread.sleep(REAPING_POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * "none" (or no network) needs nothing; another name must be a swarm-scope network, created as an
   * attachable overlay when missing. A local network of that name is an error that says so.
   */
  boolean ensureNetwork(String network, Map<String, String> labels) {
    if (network == null || SwarmServiceSpecs.NO_NETWORK.equals(network)) {
      return false;
    }
    String filter = api.filters(Map.of("name", List.of(network)));
    for (JsonNode existing : api.get("/networks?filters=" + filter, "list networks")) {
      if (network.equals(existing.path("Name").asText())) {
        if ("swarm".equals(existing.path("Scope").asText())) {
          return false;
        }
        throw new NetworkUnusableException(
            "a "
                + existing.path("Driver").asText("local")
                + " network local to the manager, and Swarm services join only swarm-scope"
                + " networks: give --network NAME of an overlay (docker network create -d overlay"
                + " --attachable NAME) or --network none");
      }
    }
    ObjectNode create = api.mapper().createObjectNode();
    create.put("Name", network).put("Driver", "overlay").put("Attachable", true);
    ObjectNode labelNode = create.putObject("Labels");
    labels.forEach(labelNode::put);
    api.post("/networks/create", create, "create network " + network);
    return true;
  }

  List<AttemptStatus> statuses(JsonNode services, String taskQuery) {
    Map<String, JsonNode> latest = new HashMap<>();
    if (!services.isEmpty()) {
      for (JsonNode task : api.get("/tasks?filters=" + taskQuery, "list tasks")) {
        latest.merge(task.path("ServiceID").asText(), task, SwarmTasks::latest);
      }
    }
    Map<String, Instant> down = downNodes(latest.values());
    List<AttemptStatus> statuses = new ArrayList<>();
    for (JsonNode service : services) {
      JsonNode task = latest.get(service.path("ID").asText());
      statuses.add(
          SwarmTasks.status(service, task, nodes::hostname, down).onNode(nodes.nameOf(task)));
    }
    return statuses;
  }

  /**
   * The nodes that are down, with when they went down; asked for only when one of these tasks waits
   * for its node (Swarm gave up on it and it reported no end), so most listings cost no call.
   */
  Map<String, Instant> downNodes(Collection<JsonNode> tasks) {
    if (tasks.stream().noneMatch(SwarmTasks::awaitsItsNode)) {
      return Map.of();
    }
    Map<String, Instant> down = new HashMap<>();
    for (JsonNode node : api.get("/nodes", "list nodes")) {
      if ("down".equals(node.path("Status").path("State").asText())) {
        String updated = node.path("UpdatedAt").asText("");
        down.put(node.path("ID").asText(), updated.isEmpty() ? null : Instant.parse(updated));
      }
    }
    return down;
  }

  /** The service of that name, null when there is none. */
  JsonNode named(String name) {
    String query = api.filters(Map.of("name", List.of(name)));
    for (JsonNode service : api.get("/services?filters=" + query, "list services")) {
      if (name.equals(service.path("Spec").path("Name").asText())) {
        return service;
      }
    }
    return null;
  }

  /** Whether the service was launched for the same run and batch as {@code spec}. */
  static boolean sameAttempt(JsonNode service, AttemptSpec spec) {
    JsonNode labels = service.path("Spec").path("Labels");
    return spec.labels().containsKey(CfnLabels.RUN_ID)
        && Objects.equals(
            labels.path(CfnLabels.RUN_ID).asText(null), spec.labels().get(CfnLabels.RUN_ID))
        && Objects.equals(
            labels.path(CfnLabels.BATCH_ID).asText(null), spec.labels().get(CfnLabels.BATCH_ID));
  }
}
