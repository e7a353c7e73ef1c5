package dev.cfnwave.engine;

/** The engine does not know the container (never created, or removed since). */
public class ContainerNotFoundException extends EngineException {

  private final String containerId;

  public ContainerNotFoundException(String containerId, Throwable cause) {
    super("container " + containerId + " not found", cause);
    this.containerId = containerId;
  }

  public String containerId() {
    return containerId;
  }
}
