package dev.cfnwave.attempt;

import dev.cfnwave.InputException;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.NetworkUnusableException;
import dev.cfnwave.event.WaveListener;

/**
 * The attempts' network, made ready before the first attempt is launched: created (labelled as
 * cfn-wave's) when it does not exist, refused as input when the backend cannot attach attempts to
 * it, so that a wrong network fails the command once instead of every batch.
 */
public final class Networks {

  private Networks() {}

  /**
   * @throws InputException when the network exists and the backend cannot use it
   */
  public static void prepare(Backend backend, String network, WaveListener listener) {
    if (network == null || isBuiltIn(network)) {
      return;
    }
    try {
      if (backend.ensureNetwork(network, CfnLabels.managed())) {
        listener.info("created network " + network);
      }
    } catch (NetworkUnusableException e) {
      throw new InputException("--network " + network, e.getMessage());
    }
  }

  /** The engine's own networks, and another container's: nothing to create. */
  public static boolean isBuiltIn(String network) {
    return network.equals("bridge")
        || network.equals("host")
        || network.equals("none")
        || network.startsWith("container:");
  }
}
