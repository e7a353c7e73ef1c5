package dev.cfnwave.backend;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to launch one attempt, in the project's own terms; constraints are Swarm
 * placement constraints ("node.hostname==w1"), empty on a backend without nodes; output (nullable)
 * is the attempt's own writable output folder, a run's.
 */
public record AttemptSpec(
    String name,
    String image,
    Map<String, String> labels,
    Map<String, String> environment,
    long memoryLimitBytes,
    Path workspace,
    String network,
    ContainerSecurity security,
    List<String> constraints,
    Mount output) {

  /** A host folder bound into the container at an absolute path, read-write. */
  public record Mount(Path source, String target) {
    public Mount {
      Objects.requireNonNull(source, "source");
      if (target == null || !target.startsWith("/")) {
        throw new IllegalArgumentException("a mount's target is an absolute path: " + target);
      }
    }
  }

  /** Without an output folder. */
  public AttemptSpec(
      String name,
      String image,
      Map<String, String> labels,
      Map<String, String> environment,
      long memoryLimitBytes,
      Path workspace,
      String network,
      ContainerSecurity security,
      List<String> constraints) {
    this(
        name,
        image,
        labels,
        environment,
        memoryLimitBytes,
        workspace,
        network,
        security,
        constraints,
        null);
  }

  /** Without placement constraints. */
  public AttemptSpec(
      String name,
      String image,
      Map<String, String> labels,
      Map<String, String> environment,
      long memoryLimitBytes,
      Path workspace,
      String network,
      ContainerSecurity security) {
    this(
        name,
        image,
        labels,
        environment,
        memoryLimitBytes,
        workspace,
        network,
        security,
        List.of());
  }

  /** Where the workspace appears inside every container. */
  public static final String WORKSPACE_TARGET = "/workspace";

  public AttemptSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    Objects.requireNonNull(security, "security");
    constraints = constraints == null ? List.of() : List.copyOf(constraints);
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

  public Optional<Mount> outputMount() {
    return Optional.ofNullable(output);
  }

  /** The same attempt with this output folder bound in. */
  public AttemptSpec withOutput(Mount mount) {
    return new AttemptSpec(
        name,
        image,
        labels,
        environment,
        memoryLimitBytes,
        workspace,
        network,
        security,
        constraints,
        mount);
  }
}
