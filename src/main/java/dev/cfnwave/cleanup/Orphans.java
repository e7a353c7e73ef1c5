package dev.cfnwave.cleanup;

import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.report.OrchestratorIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Tells containers of a run whose orchestrator is gone: the run folder named by the container's
 * cfn.run.dir label says which process orchestrates it (pid and start time, so a reused pid does
 * not count). Containers of spawn (no run folder) are never orphans: monitor and cleanup own them.
 * A run orchestrated from another host is left alone, and so is a live run: its orchestrator
 * removes its own containers (Ctrl-C stops it).
 */
final class Orphans {

  private Orphans() {}

  /** True for a container of a run whose orchestrator is alive: cleanup leaves it to the run. */
  static boolean belongsToLiveRun(AttemptStatus container) {
    String runDirectory = container.labels().get(CfnLabels.RUN_DIR);
    if (runDirectory == null || runDirectory.isEmpty()) {
      return false;
    }
    return OrchestratorIdentity.readFrom(Path.of(runDirectory))
        .map(OrchestratorIdentity::isAlive)
        .orElse(false);
  }

  static boolean isOrphan(AttemptStatus container) {
    String runDirectory = container.labels().get(CfnLabels.RUN_DIR);
    if (runDirectory == null || runDirectory.isEmpty()) {
      return false;
    }
    Path folder = Path.of(runDirectory);
    if (!Files.isDirectory(folder)) {
      return true;
    }
    Optional<OrchestratorIdentity> orchestrator = OrchestratorIdentity.readFrom(folder);
    return orchestrator.isEmpty() || !orchestrator.get().isAlive();
  }
}
