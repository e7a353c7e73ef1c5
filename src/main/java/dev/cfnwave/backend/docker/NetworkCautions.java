package dev.cfnwave.backend.docker;

import dev.cfnwave.engine.EngineCapabilities;
import java.util.Optional;

/** What to tell a user before attempts join a network on an engine with a known network bug. */
final class NetworkCautions {

  private NetworkCautions() {}

  /** Whether {@code network} names a user-defined network (not none, bridge, host, container:). */
  static boolean isUserDefined(String network) {
    return network != null
        && !network.equals("bridge")
        && !network.equals("host")
        && !network.equals("none")
        && !network.startsWith("container:");
  }

  /** The caution for attempts joining a user-defined network on an engine with moby/moby#46661. */
  static Optional<String> forNetwork(String network, EngineCapabilities engine) {
    if (!engine.deadlocksOnUserNetworks()) {
      return Optional.empty();
    }
    return Optional.of(
        "Docker engine "
            + engine.info().version()
            + " has a known deadlock that many short containers on a network such as "
            + network
            + " can trigger (moby/moby#46661, fixed in 20.10.27 and 23.0): the engine then stops"
            + " answering container calls and cfn-wave stops with exit 3; restart dockerd, then"
            + " resume the run. Upgrading the engine avoids it");
  }
}
