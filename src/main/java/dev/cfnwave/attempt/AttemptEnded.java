package dev.cfnwave.attempt;

import dev.cfnwave.backend.AttemptStatus;
import java.util.Optional;

/** A watched attempt has ended: its final status, or none when it vanished before it was read. */
public record AttemptEnded(String handle, AttemptStatus status) {

  public Optional<AttemptStatus> finalState() {
    return Optional.ofNullable(status);
  }
}
