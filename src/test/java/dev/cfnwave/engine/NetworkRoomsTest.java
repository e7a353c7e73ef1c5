package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.backend.NetworkRoom;
import org.junit.jupiter.api.Test;

class NetworkRoomsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSlash29BridgeTakesFiveContainers() throws Exception {
    NetworkRoom room =
        NetworkRooms.of(
            "small",
            json(
                "{'Driver':'bridge','Scope':'local','IPAM':{'Config':[{'Subnet':'10.9.0.0/29',"
                    + "'Gateway':'10.9.0.1'}]},'Containers':{'x':{},'y':{}}}"));

    assertThat(room.endpoints()).isEqualTo(5);
    assertThat(room.attached()).isEqualTo(2);
    assertThat(room.free()).isEqualTo(3);
    assertThat(room.describe()).isEqualTo("small 2/5");
  }

  @Test
  void aBridgeWithALargeSubnetTakesItsPorts() throws Exception {
    NetworkRoom room =
        NetworkRooms.of(
            "cfn-network",
            json("{'Driver':'bridge','IPAM':{'Config':[{'Subnet':'172.18.0.0/16'}]}}"));

    assertThat(room.endpoints()).isEqualTo(NetworkRoom.BRIDGE_PORTS);
  }

  @Test
  void anIpRangeAndAuxiliaryAddressesNarrowTheRoom() throws Exception {
    NetworkRoom room =
        NetworkRooms.of(
            "ranged",
            json(
                "{'Driver':'macvlan','IPAM':{'Config':[{'Subnet':'10.1.0.0/24',"
                    + "'IPRange':'10.1.0.0/28','AuxiliaryAddresses':{'a':'10.1.0.2'}}]}}"));

    assertThat(room.endpoints()).isEqualTo(16 - 1 - 1);
  }

  @Test
  void hostNoneSwarmScopeAndIpv6OnlyNetworksAreUnlimited() throws Exception {
    assertThat(NetworkRooms.of("host", json("{'Driver':'host'}")).isUnlimited()).isTrue();
    assertThat(NetworkRooms.of("none", json("{'Driver':'null'}")).isUnlimited()).isTrue();
    assertThat(
            NetworkRooms.of(
                    "o",
                    json(
                        "{'Driver':'overlay','Scope':'swarm','IPAM':{'Config':[{'Subnet':'10.0.0.0/29'}]}}"))
                .isUnlimited())
        .isTrue();
    assertThat(
            NetworkRooms.of(
                    "v6", json("{'Driver':'macvlan','IPAM':{'Config':[{'Subnet':'fd00::/64'}]}}"))
                .isUnlimited())
        .isTrue();
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }
}
