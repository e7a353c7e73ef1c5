package dev.cfnwave.spawn;

import dev.cfnwave.InputException;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.event.WaveListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks what spawning needs before anything is created: the workspace and the engine. */
public final class SpawnPreflight {

  private SpawnPreflight() {}

  /**
   * The workspace's real path (symlinks resolved, so that what is checked is what is mounted). The
   * root directory and any directory holding the Docker socket (the usual ones, and the selected
   * engine's when it is a unix socket) are refused unless allowed: mounting them hands the
   * container the host.
   *
   * @throws InputException when it does not exist, is not a directory, or is sensitive
   */
  public static Path realWorkspace(
      Path workspace, boolean allowSensitive, Optional<Path> engineSocket) {
    if (!Files.isDirectory(workspace)) {
      throw new InputException(
          "--workspace " + workspace,
          (Files.exists(workspace, LinkOption.NOFOLLOW_LINKS)
              ? "not a directory"
              : "does not exist"));
    }
    Path real;
    try {
      real = workspace.toRealPath();
    } catch (IOException e) {
      throw new InputException("--workspace " + workspace, e.getMessage());
    }
    if (!allowSensitive) {
      if (real.getParent() == null) {
        throw new InputException(
            "--workspace " + workspace, "refusing to mount / (--allow-sensitive-mounts)");
      }
      for (Path socket : dockerSockets(engineSocket)) {
        if (socket.startsWith(real)) {
          throw new InputException(
              "--workspace " + workspace,
              "holds the Docker socket " + socket + ", refused (--allow-sensitive-mounts)");
        }
      }
    }
    return real;
  }

  private static List<Path> dockerSockets(Optional<Path> engineSocket) {
    List<Path> candidates =
        new ArrayList<>(List.of(Path.of("/var/run/docker.sock"), Path.of("/run/docker.sock")));
    engineSocket.ifPresent(candidates::add);
    List<Path> sockets = new ArrayList<>();
    for (Path candidate : candidates) {
      try {
        sockets.add(candidate.toRealPath());
      } catch (IOException e) {
        // not on this host
      }
    }
    return sockets;
  }

  /**
   * Warns once of what the engine does differently (Podman 4) and when the backend knows of a
   * problem with this network (a Docker engine that can deadlock on user-defined networks); an
   * engine that cannot say is no reason to stop.
   */
  public static void cautionAboutEngine(Backend backend, String network, WaveListener listener) {
    try {
      backend.engineCaution().ifPresent(listener::warn);
      backend.networkCaution(network).ifPresent(listener::warn);
    } catch (EngineException e) {
      listener.debug("could not check the engine's version: " + e.getMessage());
    }
  }
}
