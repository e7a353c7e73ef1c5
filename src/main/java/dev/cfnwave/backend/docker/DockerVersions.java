package dev.cfnwave.backend.docker;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What an engine's version says about its known bugs. */
final class DockerVersions {

  private static final Pattern RELEASE = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+).*");

  private DockerVersions() {}

  /**
   * Whether this engine version has libnetwork's lock-order deadlock on user-defined networks
   * (moby/moby#46661), fixed in 20.10.27 and 23.0. Debian's 20.10 builds (20.10.24+dfsg1 in Debian
   * 12) are counted as affected whatever their number, as distributions patch on their own terms.
   * An unreadable version is not.
   */
  static boolean deadlocksOnUserNetworks(String version) {
    Matcher m = RELEASE.matcher(version == null ? "" : version.strip());
    if (!m.matches()) {
      return false;
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    int patch = Integer.parseInt(m.group(3));
    if (major == 20 && minor == 10 && (version.contains("dfsg") || version.contains("deb"))) {
      return true;
    }
    return major < 20 || (major == 20 && (minor < 10 || (minor == 10 && patch < 27)));
  }

  /** Whether {@code network} names a user-defined network (not none, bridge, host, container:). */
  static boolean isUserDefined(String network) {
    return network != null
        && !network.equals("bridge")
        && !network.equals("host")
        && !network.equals("none")
        && !network.startsWith("container:");
  }

  /** The caution for attempts joining a user-defined network on an engine of this version. */
  static Optional<String> networkCaution(String network, String version) {
    if (!deadlocksOnUserNetworks(version)) {
      return Optional.empty();
    }
    return Optional.of(
        "Docker engine "
            + version
            + " has a known deadlock that many short containers on a network such as "
            + network
            + " can trigger (moby/moby#46661, fixed in 20.10.27 and 23.0): the engine then stops"
            + " answering container calls and cfn-wave stops with exit 3; restart dockerd, then"
            + " resume the run. Upgrading the engine avoids it");
  }
}
