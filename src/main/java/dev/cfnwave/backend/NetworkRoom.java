package dev.cfnwave.backend;

import java.util.Objects;

/**
 * How many attempts a network can hold at once and how many endpoints it holds now, whoever made
 * them. Docker: a bridge takes 1,023 ports (the Linux bridge's limit, "exchange full" beyond); a
 * network with a subnet takes its free addresses (less the gateway and reserved ones); the lower of
 * the two applies. {@link #unlimited} for networks that attach nothing ({@code none}, {@code host})
 * and where the backend cannot tell (Swarm's overlays).
 *
 * @param endpoints the most endpoints it can hold, or -1 when unlimited
 * @param attached the endpoints it holds now (0 when unlimited)
 */
public record NetworkRoom(String network, long endpoints, long attached) {

  /** What a Linux bridge takes: 1,024 ports, one of them the bridge's own. */
  public static final long BRIDGE_PORTS = 1023;

  public NetworkRoom {
    Objects.requireNonNull(network, "network");
    if (endpoints < -1 || attached < 0) {
      throw new IllegalArgumentException("endpoints and attached must not be negative");
    }
  }

  /** A network whose endpoints nobody counts. */
  public static NetworkRoom unlimited(String network) {
    return new NetworkRoom(network, -1, 0);
  }

  public boolean isUnlimited() {
    return endpoints < 0;
  }

  /** How many more endpoints it takes now; Long.MAX_VALUE when unlimited. */
  public long free() {
    return isUnlimited() ? Long.MAX_VALUE : Math.max(0, endpoints - attached);
  }

  /** "cfn-network 1,023/1,023": the endpoints in use against what it holds. */
  public String describe() {
    return isUnlimited()
        ? network + " (unlimited)"
        : String.format("%s %,d/%,d", network, attached, endpoints);
  }
}
