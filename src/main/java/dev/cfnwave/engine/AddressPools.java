package dev.cfnwave.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.AddressPoolRoom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The room left in the engine's default address pools: each pool (a base CIDR cut into subnets of
 * one size) yields subnets, and a subnet overlapped by any existing network's is taken. When the
 * engine's /info does not list its pools (Docker 26 does not), Docker's built-in local ones are
 * assumed: 172.17.0.0/16 to 172.31.0.0/16 by /16 and 192.168.0.0/16 by /20, 31 networks.
 */
final class AddressPools {

  /** One pool: a base network and the prefix length of the subnets cut from it. */
  record Pool(long base, int baseBits, int size) {

    Pool {
      if (baseBits < 0 || baseBits > 32 || size < baseBits || size > 32) {
        throw new IllegalArgumentException("pool /" + baseBits + " by /" + size);
      }
    }

    long subnets() {
      return 1L << (size - baseBits);
    }

    String describe() {
      return text(base) + "/" + baseBits + " by /" + size;
    }
  }

  /** A subnet in use: its first address and prefix length. */
  record Subnet(long first, int bits) {}

  static final List<Pool> DOCKER_BUILT_IN = builtIn();

  /** Pools with more subnets than this are counted only up to it: nobody creates more networks. */
  static final long MOST_COUNTED = 1 << 16;

  private AddressPools() {}

  private static List<Pool> builtIn() {
    List<Pool> pools = new ArrayList<>();
    for (int second = 17; second <= 31; second++) {
      pools.add(new Pool(address("172." + second + ".0.0"), 16, 16));
    }
    pools.add(new Pool(address("192.168.0.0"), 16, 20));
    return List.copyOf(pools);
  }

  /**
   * The room, from /info (its DefaultAddressPools when listed) and the /networks listing.
   *
   * @param info the engine's /info answer
   * @param networks the engine's /networks answer
   */
  static AddressPoolRoom room(JsonNode info, JsonNode networks) {
    List<Pool> reported = reportedPools(info.path("DefaultAddressPools"));
    List<Pool> pools = reported.isEmpty() ? DOCKER_BUILT_IN : reported;
    List<Subnet> used = new ArrayList<>();
    for (JsonNode network : networks) {
      for (JsonNode config : network.path("IPAM").path("Config")) {
        subnet(config.path("Subnet").asText("")).ifPresent(used::add);
      }
    }
    return room(pools, used, reported.isEmpty());
  }

  static AddressPoolRoom room(List<Pool> pools, List<Subnet> used, boolean derived) {
    long total = 0;
    long free = 0;
    for (Pool pool : pools) {
      long count = Math.min(pool.subnets(), MOST_COUNTED);
      long step = 1L << (32 - pool.size());
      total += count;
      for (long i = 0; i < count; i++) {
        Subnet candidate = new Subnet(pool.base() + i * step, pool.size());
        if (used.stream().noneMatch(u -> overlap(u, candidate))) {
          free++;
        }
      }
    }
    String described = pools.stream().map(Pool::describe).collect(Collectors.joining(", "));
    if (pools.equals(DOCKER_BUILT_IN)) {
      described = "172.17.0.0/16 to 172.31.0.0/16 by /16, 192.168.0.0/16 by /20";
    }
    return new AddressPoolRoom(free, total, derived, described);
  }

  private static List<Pool> reportedPools(JsonNode listed) {
    List<Pool> pools = new ArrayList<>();
    for (JsonNode pool : listed) {
      var base = subnet(pool.path("Base").asText(""));
      int size = pool.path("Size").asInt(-1);
      if (base.isPresent() && size >= base.get().bits() && size <= 32) {
        pools.add(new Pool(base.get().first(), base.get().bits(), size));
      }
    }
    return pools;
  }

  static boolean overlap(Subnet a, Subnet b) {
    int bits = Math.min(a.bits(), b.bits());
    long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
    return (a.first() & mask) == (b.first() & mask);
  }

  /** An IPv4 CIDR as a subnet; empty for IPv6 or anything unreadable. */
  static Optional<Subnet> subnet(String cidr) {
    int bits = NetworkRooms.prefix(cidr);
    if (bits < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Subnet(address(cidr.substring(0, cidr.indexOf('/'))), bits));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static long address(String dotted) {
    String[] parts = dotted.split("\\.");
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + dotted);
    }
    long value = 0;
    for (String part : parts) {
      int octet = Integer.parseInt(part);
      if (octet < 0 || octet > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + dotted);
      }
      value = value << 8 | octet;
    }
    return value;
  }

  private static String text(long address) {
    return (address >> 24 & 255)
        + "."
        + (address >> 16 & 255)
        + "."
        + (address >> 8 & 255)
        + "."
        + (address & 255);
  }
}
