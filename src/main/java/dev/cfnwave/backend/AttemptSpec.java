package dev.cfnwave.backend;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Everything needed to create one container, in the project's own terms. */
public record AttemptSpec(
    String name,
    String image,
    Map<String, String> labels,
    Map<String, String> environment,
    long memoryLimitBytes,
    Path workspace,
    String network,
    ContainerSecurity security) {

  /** Where the workspace appears inside every container. */
  public static final String WORKSPACE_TARGET = "/workspace";

  public AttemptSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    Objects.requireNonNull(security, "security");
    if (memoryLimitBytes <= 0) {
      throw new IllegalArgumentException("a memory limit is always set");
    }
  }

  public Optional<Path> workspaceMount() {
    return Optional.ofNullable(workspace);
  }

  public Optional<String> networkName() {
    return Optional.ofNullable(network);
  }
}
