package dev.cfnwave.engine;

import java.time.Instant;

/** A container lifecycle event from the engine's stream: a hint that something changed. */
public record EngineEvent(String containerId, String action, Long exitCode, Instant time) {

  public boolean isExit() {
    return "die".equals(action) || "oom".equals(action);
  }
}
