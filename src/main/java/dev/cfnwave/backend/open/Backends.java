package dev.cfnwave.backend.open;

import dev.cfnwave.InputException;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.BackendCapabilities;
import dev.cfnwave.backend.docker.DockerBackend;
import dev.cfnwave.backend.docker.Failpoint;
import dev.cfnwave.backend.swarm.SwarmBackend;
import dev.cfnwave.engine.DockerEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Opens a backend by its name. */
public final class Backends {

  /** The backends there are; the first is the default. */
  public static final List<String> NAMES = List.of(DockerBackend.NAME, SwarmBackend.NAME);

  /** How long one call to a backend may take unless CFN_ENGINE_TIMEOUT says otherwise. */
  public static final Duration DEFAULT_CALL_LIMIT = DockerEngine.DEFAULT_CALL_LIMIT;

  private Backends() {}

  /**
   * @param environment the command's environment: which engine (DOCKER_HOST, DOCKER_CONTEXT, ...)
   * @param callLimit the longest one call to the backend may wait for an answer
   * @param armFailpoint whether the crash tests' failpoint ({@link Failpoint#fromTestSwitches()})
   *     may halt launches: run only. Only the Docker backend has one: its launch is two steps
   *     (create, start) with a point between them to crash at; a Swarm launch is one step.
   * @throws InputException for a name that is not one of {@link #NAMES}
   */
  public static Backend open(
      String name, Map<String, String> environment, Duration callLimit, boolean armFailpoint) {
    if (DockerBackend.NAME.equals(name)) {
      Failpoint failpoint = armFailpoint ? Failpoint.fromTestSwitches() : Failpoint.NONE;
      return new DockerBackend(DockerEngine.connect(environment, callLimit), failpoint);
    }
    if (SwarmBackend.NAME.equals(name)) {
      return SwarmBackend.connect(environment, callLimit);
    }
    throw unknown(name);
  }

  /**
   * What the named backend does differently, known before connecting to it.
   *
   * @throws InputException for a name that is not one of {@link #NAMES}
   */
  public static BackendCapabilities capabilities(String name) {
    if (DockerBackend.NAME.equals(name)) {
      return DockerBackend.CAPABILITIES;
    }
    if (SwarmBackend.NAME.equals(name)) {
      return SwarmBackend.CAPABILITIES;
    }
    throw unknown(name);
  }

  private static InputException unknown(String name) {
    return new InputException("backend " + name, "expected one of " + String.join(", ", NAMES));
  }

  /**
   * The unix socket of the engine this environment selects, if it is one: a workspace holding it
   * would hand the attempts the engine.
   */
  public static Optional<Path> engineSocket(Map<String, String> environment) {
    return DockerEngine.unixSocket(environment);
  }
}
