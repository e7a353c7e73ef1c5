package dev.cfnwave.backend.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.EngineException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A swarm's nodes by node id, read from one node list: a node's hostname (to name the node that
 * rejected a task), and its name for reports (its hostname, or its id when several nodes share that
 * hostname, as nodes on one machine do). The list is read again when a task names a node not seen
 * yet; a node that is gone from the list keeps its id as its name and has no hostname.
 */
final class SwarmNodes {

  private final Supplier<JsonNode> listNodes;
  private final Map<String, String> names = new ConcurrentHashMap<>();
  private final Map<String, String> hostnames = new ConcurrentHashMap<>();

  /**
   * @param listNodes GET /nodes
   */
  SwarmNodes(Supplier<JsonNode> listNodes) {
    this.listNodes = listNodes;
  }

  /** The name of the node a task runs on, null when it has none yet. */
  String nameOf(JsonNode task) {
    String id = task == null ? "" : task.path("NodeID").asText("");
    if (id.isEmpty()) {
      return null;
    }
    learn(id);
    return names.get(id);
  }

  /** A node's hostname, or null when the manager cannot say (the node is gone, or no list). */
  String hostname(String nodeId) {
    try {
      learn(nodeId);
    } catch (EngineException e) {
      return null;
    }
    String hostname = hostnames.get(nodeId);
    return hostname == null || hostname.isEmpty() ? null : hostname;
  }

  /** Reads the node list unless the node is known already. */
  private void learn(String id) {
    if (names.containsKey(id)) {
      return;
    }
    JsonNode nodes = listNodes.get();
    for (JsonNode node : nodes) {
      hostnames.put(node.path("ID").asText(), hostname(node));
    }
    names.putAll(namesOf(nodes));
    names.putIfAbsent(id, id);
  }

  /** Each node's hostname, or its id where the hostname is not unique. */
  static Map<String, String> namesOf(JsonNode nodes) {
    Map<String, Integer> seen = new HashMap<>();
    for (JsonNode node : nodes) {
      seen.merge(hostname(node), 1, Integer::sum);
    }
    Map<String, String> names = new HashMap<>();
    for (JsonNode node : nodes) {
      String id = node.path("ID").asText();
      String hostname = hostname(node);
      names.put(id, hostname.isEmpty() || seen.get(hostname) > 1 ? id : hostname);
    }
    return names;
  }

  private static String hostname(JsonNode node) {
    return node.path("Description").path("Hostname").asText("");
  }
}
