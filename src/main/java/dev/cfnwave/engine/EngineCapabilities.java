package dev.cfnwave.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the engines cfn-wave runs on differ, in one place: read from what the engine says about
 * itself (Docker's version, or Podman's Docker-compatible service and its own version). Its info's
 * memory may be 0: only /version is read for it.
 */
public record EngineCapabilities(EngineInfo info) {

  private static final Pattern RELEASE = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+).*");
  private static final int PODMAN_REPORTS_OOM_FROM_MAJOR = 5;

  /** Whether the engine is Podman's Docker-compatible service. */
  public boolean isPodman() {
    return EngineInfo.PODMAN.equals(info.product());
  }

  /**
   * The container states that hold memory, as the engine's list filter names them: Podman 4 answers
   * a filter on {@code restarting} with a 500 ("unknown container state").
   */
  public List<String> runningStates() {
    return isPodman() ? List.of("running", "paused") : List.of("running", "paused", "restarting");
  }

  /**
   * Whether inspect's {@code State.OOMKilled} says the OOM killer ended a container: Docker's does;
   * Podman's is always false before Podman 5 (containers/podman#21523), nor does it send an {@code
   * oom} event, so an OOM kill there is read from the kernel's log ({@link KernelOomLog}).
   */
  public boolean reportsOomKills() {
    return !isPodman() || major(info.version()) >= PODMAN_REPORTS_OOM_FROM_MAJOR;
  }

  /**
   * Whether this engine has libnetwork's lock-order deadlock on user-defined networks
   * (moby/moby#46661), fixed in 20.10.27 and 23.0. Debian's 20.10 builds (20.10.24+dfsg1 in Debian
   * 12) are counted as affected whatever their number, as distributions patch on their own terms.
   * An unreadable version is not, and Podman has no libnetwork.
   */
  public boolean deadlocksOnUserNetworks() {
    return !isPodman() && dockerVersionDeadlocks(info.version());
  }

  /**
   * What differs from a current Docker engine, in one line for start-up; empty when nothing. The
   * deadlock has a warning of its own, given only for the networks it concerns.
   */
  public Optional<String> differences() {
    List<String> gaps = new ArrayList<>();
    if (!reportsOomKills()) {
      gaps.add(
          "OOM kills are read from the kernel's log (local engines only; elsewhere an exit of"
              + " 137 counts as failed)");
    }
    return gaps.isEmpty()
        ? Optional.empty()
        : Optional.of(
            info.describe() + " differs from a current Docker engine: " + String.join("; ", gaps));
  }

  static boolean dockerVersionDeadlocks(String version) {
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

  private static int major(String version) {
    Matcher m = RELEASE.matcher(version == null ? "" : version.strip());
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }
}
