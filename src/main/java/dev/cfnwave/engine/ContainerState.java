package dev.cfnwave.engine;

import java.util.Locale;

/** The engine's lifecycle state of a container. */
public enum ContainerState {
  CREATED,
  RUNNING,
  PAUSED,
  RESTARTING,
  REMOVING,
  EXITED,
  DEAD,
  UNKNOWN;

  public static ContainerState of(String engineState) {
    if (engineState == null) {
      return UNKNOWN;
    }
    try {
      return valueOf(engineState.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }

  /** True once the container's process has ended and will not run again by itself. */
  public boolean isFinished() {
    return this == EXITED || this == DEAD;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
