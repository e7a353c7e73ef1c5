package dev.cfnwave.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.NetworkRoom;

/**
 * A network's room, read from the engine's inspect of it: a bridge takes {@link
 * NetworkRoom#BRIDGE_PORTS} ports; each IPv4 subnet of its IPAM config takes its addresses (or its
 * IP range's) less the network and broadcast addresses, the gateway and the auxiliary ones; the
 * lower bound applies. Networks without either (host, none) and swarm-scope ones (their endpoints
 * on other nodes are not listed here) are unlimited.
 */
final class NetworkRooms {

  private NetworkRooms() {}

  static NetworkRoom of(String name, JsonNode network) {
    String driver = network.path("Driver").asText("");
    if (driver.equals("host")
        || driver.equals("null")
        || network.path("Scope").asText("").equals("swarm")) {
      return NetworkRoom.unlimited(name);
    }
    long endpoints = driver.equals("bridge") ? NetworkRoom.BRIDGE_PORTS : Long.MAX_VALUE;
    long addresses = 0;
    boolean anyV4 = false;
    for (JsonNode config : network.path("IPAM").path("Config")) {
      long usable = usableAddresses(config);
      if (usable >= 0) {
        anyV4 = true;
        addresses += usable;
      }
    }
    if (anyV4) {
      endpoints = Math.min(endpoints, addresses);
    }
    if (endpoints == Long.MAX_VALUE) {
      return NetworkRoom.unlimited(name);
    }
    long attached = network.path("Containers").size();
    return new NetworkRoom(name, endpoints, attached);
  }

  /** The addresses containers can get from one IPAM config; -1 when it is not IPv4. */
  static long usableAddresses(JsonNode config) {
    int subnetBits = prefix(config.path("Subnet").asText(""));
    if (subnetBits < 0) {
      return -1;
    }
    int rangeBits = prefix(config.path("IPRange").asText(""));
    int bits = rangeBits >= subnetBits ? rangeBits : subnetBits;
    long size = 1L << (32 - bits);
    long reserved = subnetBits <= 30 && bits == subnetBits ? 2 : 0; // network and broadcast
    reserved += 1; // the gateway: the engine gives the network one even when not written
    reserved += config.path("AuxiliaryAddresses").size();
    return Math.max(0, size - reserved);
  }

  /** The prefix length of an IPv4 CIDR ("10.9.0.0/29": 29), -1 for anything else. */
  static int prefix(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0 || cidr.contains(":")) {
      return -1;
    }
    try {
      int bits = Integer.parseInt(cidr.substring(slash + 1));
      return bits >= 0 && bits <= 32 ? bits : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
