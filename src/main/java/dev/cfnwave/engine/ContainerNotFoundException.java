package dev.cfnwave.engine;

import dev.cfnwave.backend.AttemptNotFoundException;

/** The engine does not know the container (never created, or removed since). */
public class ContainerNotFoundException extends AttemptNotFoundException {

  public ContainerNotFoundException(String containerId, Throwable cause) {
    super("container " + containerId + " not found", containerId, cause);
  }

  public String containerId() {
    return handle();
  }
}
