package dev.cfnwave.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The names of a swarm's nodes by node id, for reports: a node's hostname, or its id when several
 * nodes share that hostname (nodes on one machine do). The node list is read again when a task
 * names a node not seen yet; a node that is gone from the list keeps its id as its name.
 */
final class SwarmNodes {

  private final Supplier<JsonNode> listNodes;
  private final Map<String, String> names = new ConcurrentHashMap<>();

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
    String name = names.get(id);
    if (name == null) {
      names.putAll(namesOf(listNodes.get()));
      name = names.computeIfAbsent(id, gone -> gone);
    }
    return name;
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
