package dev.cfnwave.engine;

import java.util.Map;
import java.util.Optional;

/**
 * One row of a container list: cheap to get for many containers at once. The exit code is read from
 * the engine's status text and is only a hint; {@link ContainerDetails} is authoritative.
 */
public record ContainerSummary(
    String id,
    String name,
    ContainerState state,
    Integer exitCodeHint,
    Map<String, String> labels,
    int anonymousVolumes) {

  public ContainerSummary {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  public Optional<String> label(String key) {
    return Optional.ofNullable(labels.get(key));
  }
}
