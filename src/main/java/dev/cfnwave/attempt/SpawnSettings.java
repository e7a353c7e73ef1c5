package dev.cfnwave.attempt;

import dev.cfnwave.backend.ContainerSecurity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to spawn a wave. The workspace is an existing directory with symlinks resolved; the extra
 * environment has been checked by spawn's {@code EnvironmentEntries}; constraints are Swarm
 * placement constraints checked by {@code PlacementConstraints}.
 */
public record SpawnSettings(
    String image,
    Path workspace,
    String network,
    Map<String, String> extraEnvironment,
    int parallel,
    String runId,
    boolean dryRun,
    ContainerSecurity security,
    List<String> constraints) {

  /** Without placement constraints. */
  public SpawnSettings(
      String image,
      Path workspace,
      String network,
      Map<String, String> extraEnvironment,
      int parallel,
      String runId,
      boolean dryRun,
      ContainerSecurity security) {
    this(image, workspace, network, extraEnvironment, parallel, runId, dryRun, security, List.of());
  }

  public SpawnSettings {
    constraints = constraints == null ? List.of() : List.copyOf(constraints);
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(security, "security");
    extraEnvironment = new LinkedHashMap<>(extraEnvironment);
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be at least 1");
    }
    if (!RunIds.isValid(runId)) {
      throw new IllegalArgumentException("run id must match [a-z0-9][a-z0-9_.-]{0,31}: " + runId);
    }
  }

  /** The same settings for attempts that join another network. */
  public SpawnSettings withNetwork(String other) {
    return new SpawnSettings(
        image, workspace, other, extraEnvironment, parallel, runId, dryRun, security, constraints);
  }
}
