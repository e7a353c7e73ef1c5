package dev.cfnwave.backend.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.engine.EngineReads;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes the overlay networks this tool created (labelled cfn.managed=true, swarm scope) that
 * nothing uses any more: no service names them and no container on the manager is attached. A
 * network a user created has no such label and is never touched. Swarm itself refuses to remove a
 * network a task elsewhere still uses ("in use"): that one is kept too.
 */
final class SwarmNetworks {

  /** The manager's calls this needs. */
  interface Calls {
    /** GET /networks filtered by cfn-wave's label. */
    JsonNode ownedNetworks();

    /** GET /services, all of them: a user's service may use the network too. */
    JsonNode services();

    /** GET /networks/{id}: its Containers are the manager's attachments. */
    JsonNode inspect(String id);

    /** DELETE /networks/{id}. */
    void remove(String id);
  }

  private final Calls calls;

  SwarmNetworks(Calls calls) {
    this.calls = calls;
  }

  /**
   * @return the names of the networks removed
   */
  List<String> removeUnused() {
    List<JsonNode> candidates = new ArrayList<>();
    for (JsonNode network : calls.ownedNetworks()) {
      if (ownedOverlay(network)) {
        candidates.add(network);
      }
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    Set<String> used = usedByServices(calls.services());
    List<String> removed = new ArrayList<>();
    for (JsonNode network : candidates) {
      String id = network.path("Id").asText();
      String name = network.path("Name").asText();
      if (used.contains(id) || used.contains(name) || hasContainers(id)) {
        continue;
      }
      try {
        calls.remove(id);
        removed.add(name);
      } catch (EngineReads.NotFound e) {
        // removed by someone else meanwhile
      } catch (EngineException e) {
        if (!e.getMessage().contains("in use")) {
          throw e;
        }
      }
    }
    return removed;
  }

  /** Swarm scope and cfn-wave's label: an overlay this tool created. */
  static boolean ownedOverlay(JsonNode network) {
    return "swarm".equals(network.path("Scope").asText())
        && "true".equals(network.path("Labels").path(CfnLabels.MANAGED).asText());
  }

  /** The networks (ids or names, as the specs give them) that services are attached to. */
  static Set<String> usedByServices(JsonNode services) {
    Set<String> used = new HashSet<>();
    for (JsonNode service : services) {
      for (JsonNode attached : service.path("Spec").path("TaskTemplate").path("Networks")) {
        used.add(attached.path("Target").asText());
      }
      for (JsonNode attached : service.path("Spec").path("Networks")) {
        used.add(attached.path("Target").asText());
      }
      for (JsonNode vip : service.path("Endpoint").path("VirtualIPs")) {
        used.add(vip.path("NetworkID").asText());
      }
    }
    return used;
  }

  private boolean hasContainers(String id) {
    try {
      return !calls.inspect(id).path("Containers").isEmpty();
    } catch (EngineReads.NotFound e) {
      return true; // gone already: nothing to remove
    }
  }
}
