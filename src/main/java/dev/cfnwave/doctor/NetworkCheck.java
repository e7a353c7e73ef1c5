package dev.cfnwave.doctor;

import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.NetworkRoom;
import java.util.ArrayList;
import java.util.List;

/**
 * Each network's endpoints in use against the most it holds (a bridge's 1,023 ports, a subnet's
 * addresses): full fails, from 90% on warns, and against the containers the plan would run at once
 * (more than it can take: warn, they will wait their turn). A network that does not exist yet is
 * one the run creates.
 *
 * @param containers how many containers the plan may run at once, spread evenly over the networks
 *     (0: not known)
 */
public record NetworkCheck(Backend backend, List<String> networks, int containers)
    implements HostCheck {

  static final double NEAR_FULL = 0.9;

  @Override
  public List<CheckResult> run() {
    List<CheckResult> results = new ArrayList<>();
    for (String network : networks) {
      results.add(check(network));
    }
    return results;
  }

  private CheckResult check(String network) {
    // Spread evenly over the run's networks, as --networks-per-run does.
    int containers = (this.containers + networks.size() - 1) / networks.size();
    String name = "network " + network;
    NetworkRoom room;
    try {
      room = backend.networkRoom(network);
      if (room.isUnlimited() && !backend.hasNetwork(network)) {
        return CheckResult.ok(name, "not there yet: the run creates it (a bridge takes 1,023)");
      }
    } catch (EngineException e) {
      return new CheckResult(name, e.getMessage(), Verdict.WARN, "check that the engine answers");
    }
    if (room.isUnlimited()) {
      return CheckResult.ok(name, "no endpoint limit counted");
    }
    String figure =
        String.format(
            "%,d/%,d endpoints in use, %,d free", room.attached(), room.endpoints(), room.free());
    String fix =
        "remove what holds its endpoints, give it a larger subnet, or spread a run's containers"
            + " with --networks-per-run N (bridges of 1,023 each)";
    if (room.free() == 0) {
      return new CheckResult(name, figure, Verdict.FAIL, fix);
    }
    if (room.attached() >= NEAR_FULL * room.endpoints()) {
      return new CheckResult(name, figure, Verdict.WARN, fix);
    }
    if (containers > room.free()) {
      return new CheckResult(
          name,
          figure
              + String.format(
                  "; %,d of the plan's batches may run at once%s",
                  containers, networks.size() > 1 ? " on it" : ""),
          Verdict.WARN,
          "they run as endpoints free (fine); for all at once: " + fix);
    }
    return CheckResult.ok(name, figure);
  }
}
