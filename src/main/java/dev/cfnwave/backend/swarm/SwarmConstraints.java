package dev.cfnwave.backend.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * Whether a node satisfies placement constraints, as Swarm decides it (swarmkit's constraint
 * package): KEY==VALUE or KEY!=VALUE, values compared ignoring case, a missing label is the empty
 * value. So that admission counts only the nodes Swarm may place the attempts on.
 */
final class SwarmConstraints {

  private SwarmConstraints() {}

  /**
   * @param node a node as GET /nodes answers
   * @param constraints in the form checked by dev.cfnwave.spawn.PlacementConstraints
   */
  static boolean allow(JsonNode node, List<String> constraints) {
    for (String constraint : constraints) {
      boolean equal = constraint.contains("==");
      String[] parts = constraint.split(equal ? "==" : "!=", 2);
      List<String> values = valuesOf(node, parts[0].trim());
      boolean match = values.stream().anyMatch(v -> v.equalsIgnoreCase(parts[1].trim()));
      if (match != equal) {
        return false;
      }
    }
    return true;
  }

  /** The node's values for a key: one, or two for an architecture Docker names two ways. */
  private static List<String> valuesOf(JsonNode node, String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    JsonNode description = node.path("Description");
    return switch (lower) {
      case "node.id" -> List.of(node.path("ID").asText(""));
      case "node.hostname" -> List.of(description.path("Hostname").asText(""));
      case "node.role" -> List.of(node.path("Spec").path("Role").asText(""));
      case "node.platform.os" -> List.of(description.path("Platform").path("OS").asText(""));
      case "node.platform.arch" ->
          architectures(description.path("Platform").path("Architecture").asText(""));
      default -> {
        if (lower.startsWith("node.labels.")) {
          yield List.of(node.path("Spec").path("Labels").path(key.substring(12)).asText(""));
        }
        if (lower.startsWith("engine.labels.")) {
          yield List.of(
              description.path("Engine").path("Labels").path(key.substring(14)).asText(""));
        }
        yield List.of("");
      }
    };
  }

  private static List<String> architectures(String arch) {
    return switch (arch) {
      case "x86_64", "amd64" -> List.of("x86_64", "amd64");
      case "aarch64", "arm64" -> List.of("aarch64", "arm64");
      default -> List.of(arch);
    };
  }
}
