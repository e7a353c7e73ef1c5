package dev.cfnwave.run;

import dev.cfnwave.attempt.AttemptDisposal;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.event.WaveListener;
import java.util.List;
import java.util.Map;

/**
 * Removes the containers of a finished run that no batch owns any more: a create or start that
 * outlived its deadline can still be carried out by the engine later. A run never leaves one.
 */
final class StrayContainers {

  private StrayContainers() {}

  static void remove(
      Backend backend,
      AttemptDisposal disposal,
      Map<String, String> runFilter,
      boolean keepLogs,
      WaveListener listener) {
    List<AttemptStatus> strays;
    try {
      strays = backend.listOwned(runFilter);
    } catch (EngineException e) {
      listener.warn("could not look for stray containers of this run: " + e.getMessage());
      return;
    }
    for (AttemptStatus stray : strays) {
      listener.warn("removing stray container " + stray.name() + " of this run");
      try {
        disposal.dispose(stray.handle(), stray.name(), keepLogs);
      } catch (RuntimeException e) {
        listener.warn("could not remove stray container " + stray.name() + ": " + e.getMessage());
      }
    }
  }
}
