package dev.cfnwave.run.admission;

import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.NetworkRoom;
import dev.cfnwave.event.WaveListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The endpoints the run's networks can still take, a constraint beside the memory budget: an
 * attempt is admitted only onto a network with room, so a full network (a bridge's 1,023 ports, a
 * small subnet's addresses) makes batches wait instead of failing. Each network's room is read from
 * the backend in the host's admission turn ({@link SharedBudget}), so it counts other runs' and
 * other tools' endpoints too; the run's own launches not yet done are counted on top (one already
 * attached by the time of the reading counts twice until the next: safe). With several networks an
 * attempt goes to the one with the most room. Confined to the run's thread.
 */
public final class NetworkCapacity {

  private final Backend backend;
  private final List<String> networks;
  private final WaveListener listener;
  private final Map<String, NetworkRoom> rooms = new LinkedHashMap<>();
  private final Map<String, Integer> launching = new HashMap<>();
  private final Map<String, String> networkOf = new HashMap<>();
  private final Map<String, Boolean> saidFull = new HashMap<>();
  private boolean unreadable;

  /**
   * @param networks the networks the run's attempts join, by name as attempts name them; none: the
   *     constraint admits everything
   */
  public NetworkCapacity(Backend backend, List<String> networks, WaveListener listener) {
    this.backend = backend;
    this.networks = List.copyOf(networks);
    this.listener = listener;
    this.networks.forEach(n -> rooms.put(n, NetworkRoom.unlimited(n)));
  }

  /**
   * Reads each network's room now, in the admission turn. A network that cannot be read counts as
   * unlimited until it can (said once): a start that then meets a full network is put back in the
   * queue.
   */
  public void read() {
    for (String network : networks) {
      try {
        rooms.put(network, backend.networkRoom(network));
        if (unreadable) {
          unreadable = false;
          listener.info("can read the room of network " + network + " again");
        }
      } catch (EngineException e) {
        if (!unreadable) {
          unreadable = true;
          listener.warn("could not read the room of network " + network + ": " + e.getMessage());
        }
      }
    }
  }

  /**
   * Reserves an endpoint for the attempt on the network with the most room.
   *
   * @return the network it joins ("" when the run names none); empty, reserving nothing, when every
   *     network is full
   */
  public Optional<String> tryReserve(String attempt) {
    String best = null;
    long bestFree = 0;
    for (String network : networks) {
      long free = free(network);
      if (free > bestFree) {
        best = network;
        bestFree = free;
      }
    }
    if (best == null) {
      sayFullOnce();
      return networks.isEmpty() ? Optional.of("") : Optional.empty();
    }
    saidFull.put(best, false);
    launching.merge(best, 1, Integer::sum);
    networkOf.put(attempt, best);
    return Optional.of(best);
  }

  /**
   * The attempt's launch is done, started or not: once started its endpoint shows in the next
   * reading, else it never took one.
   */
  public void launched(String attempt) {
    String network = networkOf.remove(attempt);
    if (network != null) {
      launching.merge(network, -1, Integer::sum);
    }
  }

  /** Each network's endpoints in use (as last read, with the run's launches under way). */
  public List<NetworkRoom> use() {
    List<NetworkRoom> use = new ArrayList<>();
    for (NetworkRoom room : rooms.values()) {
      if (!room.isUnlimited()) {
        long inUse = room.attached() + launching.getOrDefault(room.network(), 0);
        use.add(new NetworkRoom(room.network(), room.endpoints(), inUse));
      }
    }
    return use;
  }

  private long free(String network) {
    NetworkRoom room = rooms.get(network);
    return room.isUnlimited() ? Long.MAX_VALUE : room.free() - launching.getOrDefault(network, 0);
  }

  private void sayFullOnce() {
    for (NetworkRoom room : use()) {
      if (!saidFull.getOrDefault(room.network(), false)) {
        saidFull.put(room.network(), true);
        listener.info(
            "waiting for room on network "
                + room.network()
                + ": "
                + String.format("%,d/%,d", room.attached(), room.endpoints())
                + " endpoints in use");
      }
    }
  }
}
