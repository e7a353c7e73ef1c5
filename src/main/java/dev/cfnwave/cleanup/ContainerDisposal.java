package dev.cfnwave.cleanup;

import dev.cfnwave.backend.SavedLog;
import dev.cfnwave.engine.ContainerEngine;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.report.LogKeeper;

/**
 * Removes one container with its anonymous volumes, saving its log first when asked. If the log
 * cannot be saved the container is kept (and the failure thrown), so that no result is lost.
 */
public final class ContainerDisposal {

  private final ContainerEngine engine;
  private final LogKeeper logKeeper;
  private final WaveListener listener;

  public ContainerDisposal(ContainerEngine engine, LogKeeper logKeeper, WaveListener listener) {
    this.engine = engine;
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
    engine.remove(containerId);
    listener.on(new WaveEvent.ContainerRemoved(containerName, false));
    return saved;
  }
}
