package dev.cfnwave.attempt;

import dev.cfnwave.backend.AttemptStatus;
import java.util.Optional;

/**
 * The watcher's notice that a watched attempt ended: its final status as the backend read it, or
 * none when it vanished before it was read. The run turns it into the journal's {@code AttemptEnd}.
 */
public record EndNotice(String handle, AttemptStatus status) {

  public Optional<AttemptStatus> finalState() {
    return Optional.ofNullable(status);
  }
}
