package dev.cfnwave.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The authoritative state of one container, from an inspect call. */
public record ContainerDetails(
    String id,
    String name,
    ContainerState state,
    Long exitCode,
    boolean oomKilled,
    Instant startedAt,
    Instant finishedAt,
    Map<String, String> labels) {

  public ContainerDetails {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** The same, with the OOM killer's verdict. */
  public ContainerDetails withOomKilled(boolean killed) {
    return new ContainerDetails(id, name, state, exitCode, killed, startedAt, finishedAt, labels);
  }

  public Optional<String> label(String key) {
    return Optional.ofNullable(labels.get(key));
  }
}
