package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.backend.AddressPoolRoom;
import org.junit.jupiter.api.Test;

class AddressPoolsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What Docker 26.1's /info and /networks say on a fresh host with cfn-network. */
  @Test
  void docker26WithTheDefaultBridgeAndOneNetworkHasRoomFor29More() throws Exception {
    AddressPoolRoom room =
        AddressPools.room(
            json("{'DockerRootDir':'/var/lib/docker'}"),
            json(
                "[{'Name':'bridge','IPAM':{'Config':[{'Subnet':'172.17.0.0/16'}]}},"
                    + "{'Name':'none','IPAM':{'Config':[]}},"
                    + "{'Name':'host','IPAM':{'Config':null}},"
                    + "{'Name':'cfn-network','IPAM':{'Config':[{'Subnet':'172.18.0.0/16',"
                    + "'Gateway':'172.18.0.1'},{'Subnet':'fd00::/64'}]}}]"));

    assertThat(room.total()).isEqualTo(31);
    assertThat(room.free()).isEqualTo(29);
    assertThat(room.derived()).isTrue();
    assertThat(room.pools()).contains("172.17.0.0/16 to 172.31.0.0/16 by /16");
  }

  @Test
  void aWideUserSubnetTakesEveryPoolSubnetItOverlaps() throws Exception {
    AddressPoolRoom room =
        AddressPools.room(
            json("{}"),
            json(
                "[{'IPAM':{'Config':[{'Subnet':'192.168.0.0/17'}]}},"
                    + "{'IPAM':{'Config':[{'Subnet':'172.20.5.0/24'}]}}]"));

    // 192.168.0.0/17 covers eight of the sixteen /20s; 172.20.5.0/24 sits in 172.20.0.0/16.
    assertThat(room.free()).isEqualTo(31 - 8 - 1);
  }

  @Test
  void poolsTheEngineReportsAreCountedInsteadOfDockersBuiltIn() throws Exception {
    AddressPoolRoom room =
        AddressPools.room(
            json("{'DefaultAddressPools':[{'Base':'10.10.0.0/16','Size':24}]}"),
            json("[{'IPAM':{'Config':[{'Subnet':'10.10.3.0/24'}]}}]"));

    assertThat(room.total()).isEqualTo(256);
    assertThat(room.free()).isEqualTo(255);
    assertThat(room.derived()).isFalse();
    assertThat(room.pools()).isEqualTo("10.10.0.0/16 by /24");
  }

  @Test
  void subnetsOverlapWhenOneHoldsTheOther() {
    var wide = AddressPools.subnet("10.0.0.0/8").orElseThrow();
    var inside = AddressPools.subnet("10.200.0.0/16").orElseThrow();
    var beside = AddressPools.subnet("11.0.0.0/16").orElseThrow();

    assertThat(AddressPools.overlap(wide, inside)).isTrue();
    assertThat(AddressPools.overlap(inside, wide)).isTrue();
    assertThat(AddressPools.overlap(wide, beside)).isFalse();
    assertThat(AddressPools.subnet("fd00::/64")).isEmpty();
    assertThat(AddressPools.subnet("300.1.1.1/24")).isEmpty();
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }
}
