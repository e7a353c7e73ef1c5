package dev.cfnwave.monitor;

import dev.cfnwave.engine.ContainerDetails;
import java.util.Optional;

/** A watched container has ended: its final details, or none when it vanished before inspection. */
public record ContainerEnd(String containerId, ContainerDetails details) {

  public Optional<ContainerDetails> finalState() {
    return Optional.ofNullable(details);
  }
}
