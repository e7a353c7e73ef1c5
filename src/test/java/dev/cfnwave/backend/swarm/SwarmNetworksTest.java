package dev.cfnwave.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.backend.EngineException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** cleanup on Swarm removes only the overlays cfn-wave made, and only when nothing uses them. */
class SwarmNetworksTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static final String OURS =
      "{'Id':'n1','Name':'cfn-network','Scope':'swarm','Labels':{'cfn.managed':'true'}}";

  /** A manager: the labelled networks it lists, its services, its attachments, what it refuses. */
  private static final class Manager implements SwarmNetworks.Calls {
    String networks = "[" + OURS + "]";
    String services = "[]";
    final Map<String, String> containers = new HashMap<>();
    final Map<String, EngineException> refusals = new HashMap<>();
    final List<String> removed = new ArrayList<>();
    int serviceListings;

    @Override
    public JsonNode ownedNetworks() {
      return json(networks);
    }

    @Override
    public JsonNode services() {
      serviceListings++;
      return json(services);
    }

    @Override
    public JsonNode inspect(String id) {
      return json("{'Containers':" + containers.getOrDefault(id, "{}") + "}");
    }

    @Override
    public void remove(String id) {
      if (refusals.containsKey(id)) {
        throw refusals.get(id);
      }
      removed.add(id);
    }
  }

  private final Manager manager = new Manager();

  private List<String> clean() {
    return new SwarmNetworks(manager).removeUnused();
  }

  @Test
  void anOverlayCfnWaveMadeIsRemovedWhenNothingUsesIt() {
    assertThat(clean()).containsExactly("cfn-network");
    assertThat(manager.removed).containsExactly("n1");
  }

  @Test
  void aNetworkWithoutCfnWavesLabelOrOfLocalScopeIsNeverRemoved() {
    manager.networks =
        "[{'Id':'u1','Name':'cfn-network','Scope':'swarm','Labels':{}},"
            + "{'Id':'u2','Name':'theirs','Scope':'swarm','Labels':{'cfn.managed':'false'}},"
            + "{'Id':'b1','Name':'cfn-bridge','Scope':'local','Labels':{'cfn.managed':'true'}}]";

    assertThat(clean()).isEmpty();
    assertThat(manager.removed).isEmpty();
    assertThat(manager.serviceListings).as("no candidate: no further call").isZero();
  }

  @Test
  void aServiceAttachedByIdOrByNameKeepsTheNetwork() {
    manager.services = "[{'Spec':{'TaskTemplate':{'Networks':[{'Target':'n1'}]}}}]";
    assertThat(clean()).isEmpty();

    manager.services = "[{'Spec':{'Networks':[{'Target':'cfn-network'}]}}]";
    assertThat(clean()).isEmpty();

    manager.services = "[{'Endpoint':{'VirtualIPs':[{'NetworkID':'n1'}]}}]";
    assertThat(clean()).isEmpty();
    assertThat(manager.removed).isEmpty();
  }

  @Test
  void aContainerAttachedOnTheManagerKeepsTheNetwork() {
    manager.containers.put("n1", "{'c1':{'Name':'someones'}}");

    assertThat(clean()).isEmpty();
    assertThat(manager.removed).isEmpty();
  }

  @Test
  void aNetworkSwarmSaysIsInUseElsewhereIsKeptQuietly() {
    manager.refusals.put(
        "n1",
        new EngineException(
            "remove network n1: engine answered 403: rpc error: network n1 is in use by task x"));

    assertThat(clean()).isEmpty();
  }

  @Test
  void anotherRefusalIsNotHidden() {
    manager.refusals.put("n1", new EngineException("remove network n1: engine answered 500: boom"));

    assertThatThrownBy(this::clean).hasMessageContaining("boom");
  }
}
