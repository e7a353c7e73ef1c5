package dev.cfnwave.backend.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.engine.MissingImages;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * An attempt's status from its service and the service's latest task. Task states: complete (exit
 * 0), failed (exit code from ContainerStatus, the engine's Err), rejected (the node refused to run
 * it, e.g. no such image or no such bind source: REJECTED, with the Err and the node that refused
 * it, no exit code), shutdown/orphaned/remove (stopped: exit code if the container ran); new to
 * starting: PENDING, the Err (such as "no suitable node") as the reason. A service with no task yet
 * is pending, unless a stop scaled it to 0: Swarm deletes the task of a removed replica once it is
 * down, so such a service is ended ("stopped") with no exit code. Swarm never reports OOM:
 * oomKilled is always false and an exit code of 137 means SIGKILL, by the kernel's OOM killer or
 * after a stop's grace. A task on a node that went down (it missed its heartbeats) is "lost": Swarm
 * sets its desired state to shutdown and starts no other (restart condition none), but its last
 * reported state stays "running" until the node comes back, or for 24 hours (orphaned); such a task
 * ended, with no exit code and the node named in its error.
 */
final class SwarmTasks {

  /** A service scaled to 0 by a stop whose task Swarm has already deleted. */
  static final String STOPPED = "stopped";

  static final String REJECTED = "rejected";

  /** Who needs an image a node lacks, in the advice on getting it there. */
  static final String WHO_NEEDS = "every node that may run it";

  /** A task whose node went down before it reported an end. */
  static final String LOST = "lost";

  private static final Set<String> ENDED =
      Set.of("complete", "failed", REJECTED, "shutdown", "orphaned", "remove", STOPPED, LOST);

  /** The states of a task that has not started yet (Swarm's order: new to starting). */
  private static final Set<String> NOT_STARTED =
      Set.of("new", "pending", "assigned", "accepted", "preparing", "ready", "starting");

  /** Desired states by which Swarm has given up on a task (a stop, or its node went down). */
  private static final Set<String> GIVEN_UP = Set.of("shutdown", "remove");

  /**
   * The states in which the container's own exit code is known. A task that Swarm shut down (a stop
   * scaled its service to 0) shows an exit code of 0 while its container is still stopping, and a
   * rejected one never ran.
   */
  private static final Set<String> EXITED = Set.of("complete", "failed");

  private SwarmTasks() {}

  /** The status, naming a rejecting node by its id only. */
  static AttemptStatus status(JsonNode service, JsonNode task) {
    return status(service, task, id -> null);
  }

  /** The status when no node is known to be down. */
  static AttemptStatus status(JsonNode service, JsonNode task, Function<String, String> hostnames) {
    return status(service, task, hostnames, Map.of());
  }

  /** The status, naming a rejecting node by its id only. */
  static AttemptStatus status(JsonNode service, JsonNode task, Map<String, Instant> downNodes) {
    return status(service, task, id -> null, downNodes);
  }

  /**
   * @param service the service, as GET /services answers
   * @param task its latest task, or null when it has none yet
   * @param hostnames a node's hostname by its id (null when unknown), to name a rejecting node
   * @param downNodes the nodes that are down, with when they went down
   */
  static AttemptStatus status(
      JsonNode service,
      JsonNode task,
      Function<String, String> hostnames,
      Map<String, Instant> downNodes) {
    if (awaitsItsNode(task) && downNodes.containsKey(task.path("NodeID").asText())) {
      return lost(service, task, downNodes.get(task.path("NodeID").asText()));
    }
    JsonNode spec = service.path("Spec");
    boolean stopped = spec.path("Mode").path("Replicated").path("Replicas").asInt(1) == 0;
    String state =
        task == null
            ? (stopped ? STOPPED : "pending")
            : task.path("Status").path("State").asText("pending");
    JsonNode container = task == null ? null : task.path("Status").path("ContainerStatus");
    Long exitCode =
        container != null && container.hasNonNull("ExitCode") && EXITED.contains(state)
            ? container.get("ExitCode").asLong()
            : null;
    String err = task == null ? null : emptyToNull(task.path("Status").path("Err").asText(""));
    if (REJECTED.equals(state)) {
      err = rejection(task, err, hostnames);
    }
    return new AttemptStatus(
        service.path("ID").asText(),
        spec.path("Name").asText(),
        phase(state),
        state,
        exitCode,
        false,
        err,
        task != null && "running".equals(state) ? changedAt(task) : null,
        task != null && ENDED.contains(state) ? changedAt(task) : null,
        labels(spec.path("Labels")),
        0,
        null);
  }

  /**
   * Whether Swarm gave up on this task (desired state shutdown) before it reported an end: a stop
   * in progress, or a node that went down. Only then is the node's state worth reading.
   */
  static boolean awaitsItsNode(JsonNode task) {
    return task != null
        && !hasEnded(task)
        && GIVEN_UP.contains(task.path("DesiredState").asText(""))
        && !task.path("NodeID").asText("").isEmpty();
  }

  private static AttemptStatus lost(JsonNode service, JsonNode task, Instant nodeDownAt) {
    JsonNode spec = service.path("Spec");
    String last = task.path("Status").path("State").asText("?");
    return new AttemptStatus(
        service.path("ID").asText(),
        spec.path("Name").asText(),
        AttemptPhase.ENDED,
        LOST,
        null,
        false,
        "node lost: node "
            + task.path("NodeID").asText()
            + " went down (missed its heartbeats) while the task was "
            + last
            + "; its exit is unknown",
        "running".equals(last) ? changedAt(task) : null,
        nodeDownAt,
        labels(spec.path("Labels")),
        0,
        null);
  }

  static AttemptPhase phase(String taskState) {
    if (REJECTED.equals(taskState)) {
      return AttemptPhase.REJECTED;
    }
    if (ENDED.contains(taskState)) {
      return AttemptPhase.ENDED;
    }
    return NOT_STARTED.contains(taskState) ? AttemptPhase.PENDING : AttemptPhase.RUNNING;
  }

  /**
   * Why a node rejected the task, naming the node (hostname and id: on one machine every node has
   * the same hostname); a missing image says how a node gets one, as workers may have no registry.
   */
  static String rejection(JsonNode task, String err, Function<String, String> hostnames) {
    String reason = err == null ? "no reason given" : err;
    String nodeId = emptyToNull(task.path("NodeID").asText(""));
    String text =
        nodeId == null
            ? "Swarm rejected the task: " + reason
            : "node " + nodeName(nodeId, hostnames) + " rejected the task: " + reason;
    if (MissingImages.isSaidIn(reason)) {
      String image = task.path("Spec").path("ContainerSpec").path("Image").asText("IMAGE");
      text += MissingImages.howToGet(image, WHO_NEEDS, "NODE", "the nodes");
    }
    return text;
  }

  private static String nodeName(String nodeId, Function<String, String> hostnames) {
    String hostname = hostnames.apply(nodeId);
    return hostname == null ? nodeId : hostname + " (" + nodeId + ")";
  }

  static boolean hasEnded(JsonNode task) {
    return ENDED.contains(task.path("Status").path("State").asText(""));
  }

  /** The later of two tasks of one service (by creation), either may be null. */
  static JsonNode latest(JsonNode a, JsonNode b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return b.path("CreatedAt").asText("").compareTo(a.path("CreatedAt").asText("")) > 0 ? b : a;
  }

  private static Map<String, String> labels(JsonNode node) {
    Map<String, String> labels = new HashMap<>();
    node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  private static String emptyToNull(String text) {
    return text.isEmpty() ? null : text;
  }

  /** When the task last changed state. */
  private static Instant changedAt(JsonNode task) {
    String text = task.path("Status").path("Timestamp").asText("");
    if (text.isEmpty() || text.startsWith("0001-")) {
      return null;
    }
    return Instant.parse(text);
  }
}
