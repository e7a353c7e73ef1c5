package dev.cfnwave.attempt;

import dev.cfnwave.InputException;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.NetworkUnusableException;
import dev.cfnwave.event.WaveListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    prepare(backend, network, CfnLabels.managed(), listener);
  }

  private static void prepare(
      Backend backend, String network, Map<String, String> labels, WaveListener listener) {
    if (network == null || isBuiltIn(network)) {
      return;
    }
    try {
      if (backend.ensureNetwork(network, labels)) {
        listener.info("created network " + network);
      }
    } catch (NetworkUnusableException e) {
      throw new InputException("--network " + network, e.getMessage());
    }
  }

  /**
   * The networks a run spreads its attempts over: the network itself, then "-2", "-3", ... after
   * its name ({@code cfn-network}, {@code cfn-network-2}); none when it names no network.
   */
  public static List<String> names(String network, int count) {
    if (network == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>(List.of(network));
    for (int n = 2; n <= count; n++) {
      names.add(network + "-" + n);
    }
    return List.copyOf(names);
  }

  /**
   * Makes each of the run's networks ready ({@link #prepare}); the extra ones are labelled as
   * extending the first ({@link CfnLabels#SPREAD_OF}), for cleanup to remove once unused.
   */
  public static void prepare(Backend backend, String network, int count, WaveListener listener) {
    List<String> names = names(network, count);
    for (int i = 0; i < names.size(); i++) {
      Map<String, String> labels = new HashMap<>(CfnLabels.managed());
      if (i > 0) {
        labels.put(CfnLabels.SPREAD_OF, network);
      }
      prepare(backend, names.get(i), labels, listener);
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
