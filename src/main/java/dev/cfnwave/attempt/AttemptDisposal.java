package dev.cfnwave.attempt;

import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.SavedLog;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;

/**
 * Disposes of one attempt (Docker: removes its container with its anonymous volumes), saving its
 * log first when asked. If the log cannot be saved the attempt is kept (and the failure thrown), so
 * that no result is lost.
 */
public final class AttemptDisposal {

  private final Backend backend;
  private final LogKeeper logKeeper;
  private final WaveListener listener;

  public AttemptDisposal(Backend backend, LogKeeper logKeeper, WaveListener listener) {
    this.backend = backend;
    this.logKeeper = logKeeper;
    this.listener = listener;
  }

  /**
   * @return the saved log, or null when none was asked for
   */
  public SavedLog dispose(String containerId, String containerName, boolean keepLog) {
    SavedLog saved = null;
    if (keepLog) {
      saved = logKeeper.save(containerId, containerName);
      listener.on(
          new WaveEvent.LogSaved(
              containerName, saved.file().toString(), saved.bytes(), saved.truncated()));
    }
    backend.dispose(containerId);
    listener.on(new WaveEvent.ContainerRemoved(containerName, false));
    return saved;
  }
}
