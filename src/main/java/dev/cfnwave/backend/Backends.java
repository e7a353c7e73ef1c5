package dev.cfnwave.backend;

import dev.cfnwave.InputException;
import dev.cfnwave.engine.DockerBackend;
import dev.cfnwave.engine.DockerEngine;
import java.time.Duration;
import java.util.List;

/** Opens a backend by its name. */
public final class Backends {

  /** The backends there are; the first is the default. */
  public static final List<String> NAMES = List.of(DockerBackend.NAME);

  /** How long one call to a backend may take unless CFN_ENGINE_TIMEOUT says otherwise. */
  public static final Duration DEFAULT_CALL_LIMIT = DockerEngine.DEFAULT_CALL_LIMIT;

  private Backends() {}

  /**
   * @param dockerHost the engine's address (unix:// or tcp://), or null for the default one
   * @param callLimit the longest one call to the backend may wait for an answer
   * @param failpoint halts launches on purpose (crash tests only)
   * @throws InputException for a name that is not one of {@link #NAMES}
   */
  public static Backend open(
      String name, String dockerHost, Duration callLimit, Failpoint failpoint) {
    if (DockerBackend.NAME.equals(name)) {
      return new DockerBackend(DockerEngine.connect(dockerHost, callLimit), failpoint);
    }
    throw new InputException("backend " + name, "expected one of " + String.join(", ", NAMES));
  }
}
