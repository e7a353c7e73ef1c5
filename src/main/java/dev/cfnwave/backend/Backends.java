package dev.cfnwave.backend;

import dev.cfnwave.InputException;
import dev.cfnwave.engine.DockerBackend;
import dev.cfnwave.engine.DockerEngine;
import dev.cfnwave.engine.SwarmBackend;
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
   * @param failpoint halts launches on purpose (crash tests only)
   * @throws InputException for a name that is not one of {@link #NAMES}
   */
  public static Backend open(
      String name, Map<String, String> environment, Duration callLimit, Failpoint failpoint) {
    if (DockerBackend.NAME.equals(name)) {
      return new DockerBackend(DockerEngine.connect(environment, callLimit), failpoint);
    }
    if (SwarmBackend.NAME.equals(name)) {
      return SwarmBackend.connect(environment, callLimit);
    }
    throw new InputException("backend " + name, "expected one of " + String.join(", ", NAMES));
  }

  /** Whether the named backend places attempts on nodes and so takes placement constraints. */
  public static boolean placesOnNodes(String name) {
    return SwarmBackend.NAME.equals(name);
  }

  /**
   * The unix socket of the engine this environment selects, if it is one: a workspace holding it
   * would hand the attempts the engine.
   */
  public static Optional<Path> engineSocket(Map<String, String> environment) {
    return DockerEngine.unixSocket(environment);
  }
}
