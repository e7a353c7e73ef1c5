package dev.cfnwave.spawn;

import dev.cfnwave.engine.ContainerEngine;
import dev.cfnwave.engine.EngineException;
import dev.cfnwave.engine.EngineUnavailableException;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.PlanException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Checks what spawning needs before anything is created: the workspace, the engine, the image. */
public final class SpawnPreflight {

  private SpawnPreflight() {}

  /**
   * The workspace's real path.
   *
   * @throws PlanException when it does not exist or is not a directory
   */
  public static Path realWorkspace(Path workspace) {
    if (!Files.isDirectory(workspace)) {
      throw new PlanException(
          "--workspace "
              + workspace
              + ": "
              + (Files.exists(workspace, LinkOption.NOFOLLOW_LINKS)
                  ? "not a directory"
                  : "does not exist"));
    }
    try {
      return workspace.toRealPath();
    } catch (IOException e) {
      throw new PlanException("--workspace " + workspace + ": " + e.getMessage());
    }
  }

  /**
   * Ensures the image is present, pulling it when it is not.
   *
   * @throws PlanException when it is neither present nor pullable
   * @throws EngineUnavailableException when no engine answers
   */
  public static void requireImage(ContainerEngine engine, String image, WaveListener listener) {
    if (engine.hasImage(image)) {
      return;
    }
    listener.debug("image " + image + " is not present locally, pulling it");
    try {
      engine.pull(image);
    } catch (EngineUnavailableException e) {
      throw e;
    } catch (EngineException e) {
      throw new PlanException(
          "--base-image "
              + image
              + ": not present locally and cannot be pulled: "
              + e.getMessage());
    }
    if (!engine.hasImage(image)) {
      throw new PlanException(
          "--base-image " + image + ": not present locally and cannot be pulled");
    }
  }
}
