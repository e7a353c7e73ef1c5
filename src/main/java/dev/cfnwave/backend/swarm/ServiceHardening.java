package dev.cfnwave.backend.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What of the Docker backend's hardening a service can carry on this swarm. no-new-privileges came
 * to the services API in 1.44 (Docker 25): a manager with an older API drops it, and a node on an
 * older engine runs its tasks without it even when the manager stores it. A memory+swap limit no
 * services API can set (moby/moby 34654).
 *
 * @param managerApiVersion the manager's API version ("1.45")
 */
record ServiceHardening(String managerApiVersion) {

  static final String SWAP =
      "a memory+swap limit (services cannot set MemorySwap: a node with swap may let an attempt"
          + " use it)";

  /** Whether services are created with ContainerSpec.Privileges.NoNewPrivileges. */
  boolean noNewPrivileges() {
    return atLeast(managerApiVersion, 1, 44);
  }

  /**
   * The one warning to give before the first launch: what attempts run without, and on which nodes.
   *
   * @param nodes GET /nodes
   */
  String warning(JsonNode nodes) {
    List<String> without = new ArrayList<>();
    if (!noNewPrivileges()) {
      without.add(
          "no-new-privileges (the manager's API "
              + managerApiVersion
              + " has no security options for services; 1.44 has)");
    } else {
      Map<String, String> older = olderEngines(nodes);
      if (!older.isEmpty()) {
        List<String> named = new ArrayList<>();
        older.forEach((node, version) -> named.add(node + " (Docker " + version + ")"));
        without.add(
            "no-new-privileges on nodes "
                + String.join(", ", named)
                + " (engines before 25.0 ignore it on services)");
      }
    }
    without.add(SWAP);
    return "the swarm backend cannot set "
        + String.join("; ", without)
        + ": attempts run without them";
  }

  /** Nodes whose engine is older than Docker 25, by node name (hostname, or id when shared). */
  private static Map<String, String> olderEngines(JsonNode nodes) {
    Map<String, String> names = SwarmNodes.namesOf(nodes);
    Map<String, String> older = new TreeMap<>();
    for (JsonNode node : nodes) {
      String version = node.path("Description").path("Engine").path("EngineVersion").asText("");
      if (!version.isEmpty() && !atLeast(version, 25, 0)) {
        String id = node.path("ID").asText();
        older.put(names.getOrDefault(id, id), version);
      }
    }
    return older;
  }

  /** Whether a dotted version ("20.10.24", "1.45", "26.1.5+dfsg1") is at least major.minor. */
  static boolean atLeast(String version, int major, int minor) {
    String[] parts = version.split("[.+~-]");
    try {
      int actualMajor = Integer.parseInt(parts[0]);
      int actualMinor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return actualMajor > major || (actualMajor == major && actualMinor >= minor);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
