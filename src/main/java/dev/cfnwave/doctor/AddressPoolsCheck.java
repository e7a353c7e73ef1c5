package dev.cfnwave.doctor;

import dev.cfnwave.backend.AddressPoolRoom;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EngineException;
import java.util.List;
import java.util.Optional;

/**
 * The engine's default address pools against the networks a run would create: each new bridge takes
 * a subnet from them, and a run that needs more than are left fails to create its networks (warn).
 *
 * @param networks the run's networks; those that do not exist yet are the ones it creates
 */
public record AddressPoolsCheck(Backend backend, List<String> networks) implements HostCheck {

  static final String CHECK = "address pools";

  @Override
  public List<CheckResult> run() {
    Optional<AddressPoolRoom> found;
    long toCreate;
    try {
      found = backend.addressPoolRoom();
      toCreate = networks.stream().filter(n -> !backend.hasNetwork(n)).count();
    } catch (EngineException e) {
      return List.of(
          new CheckResult(CHECK, e.getMessage(), Verdict.WARN, "check that the engine answers"));
    }
    if (found.isEmpty()) {
      return List.of(CheckResult.ok(CHECK, "not counted for the " + backend.name() + " backend"));
    }
    AddressPoolRoom room = found.get();
    String figure =
        String.format(
                "room for %,d more network%s (%,d of %,d subnets free",
                room.free(), room.free() == 1 ? "" : "s", room.free(), room.total())
            + (room.derived()
                ? "; derived from Docker's built-in pools, "
                    + room.pools()
                    + ", as the engine does not report its own)"
                : "; the engine's pools: " + room.pools() + ")")
            + (toCreate > 0 ? String.format("; the run creates %,d", toCreate) : "");
    if (room.free() < toCreate) {
      return List.of(
          new CheckResult(
              CHECK,
              figure,
              Verdict.WARN,
              "remove unused networks (docker network prune), ask for fewer --networks-per-run,"
                  + " or give dockerd larger default-address-pools in daemon.json"));
    }
    return List.of(CheckResult.ok(CHECK, figure));
  }
}
