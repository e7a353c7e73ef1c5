package dev.cfnwave.engine;

import dev.cfnwave.backend.EngineException;

/** A container with the requested name exists already (HTTP 409). */
public class NameConflictException extends EngineException {

  private final String name;

  public NameConflictException(String name, Throwable cause) {
    super("a container named " + name + " exists already", cause);
    this.name = name;
  }

  public String name() {
    return name;
  }
}
