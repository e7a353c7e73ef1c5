package dev.cfnwave.watch;

import dev.cfnwave.report.OrchestratorIdentity;
import dev.cfnwave.run.journal.JournalEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Whether a run goes on: its journal's last line says it finished, else the orchestrator it names
 * in orchestrator.json (pid and start time, so a reused pid does not count) says whether it runs.
 */
public enum RunState {
  /** Its orchestrator runs (or runs on another host, which this one cannot tell). */
  RUNNING,
  /** Its journal ends with run_finished: it ended, succeeded or not, interrupted or not. */
  FINISHED,
  /**
   * Not finished and its orchestrator gone: killed, or stopped on a tool failure; run --resume
   * continues it.
   */
  CRASHED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunState of(Path runDirectory, List<JournalEntry> journal) {
    if (!journal.isEmpty()
        && JournalEntry.RUN_FINISHED.equals(journal.get(journal.size() - 1).type())) {
      return FINISHED;
    }
    return OrchestratorIdentity.readFrom(runDirectory)
            .filter(OrchestratorIdentity::isAlive)
            .isPresent()
        ? RUNNING
        : CRASHED;
  }
}
