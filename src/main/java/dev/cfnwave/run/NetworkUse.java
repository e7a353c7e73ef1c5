package dev.cfnwave.run;

import dev.cfnwave.backend.NetworkRoom;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.run.admission.NetworkCapacity;

/** With each progress report: the use of every network of the run that is near full. */
final class NetworkUse {

  /** From this share of a network's endpoints in use on, progress shows its use. */
  static final double NEAR_FULL = 0.9;

  private NetworkUse() {}

  static void report(NetworkCapacity networks, WaveListener listener) {
    for (NetworkRoom room : networks.use()) {
      if (room.attached() >= NEAR_FULL * room.endpoints()) {
        listener.on(new WaveEvent.NetworkUse(room.network(), room.attached(), room.endpoints()));
      }
    }
  }
}
