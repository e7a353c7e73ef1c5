package dev.cfnwave.cli;

import com.github.dockerjava.api.model.Capability;
import dev.cfnwave.InputException;
import dev.cfnwave.attempt.RunIds;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.backend.open.Backends;
import dev.cfnwave.plan.ImageReference;
import dev.cfnwave.spawn.EnvironmentEntries;
import dev.cfnwave.spawn.PlacementConstraints;
import dev.cfnwave.spawn.SpawnPreflight;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * What every container of spawn and run gets: image, workspace, network, environment, and the
 * hardening whose defaults are in {@link ContainerSecurity}; and how many are spawned at once.
 */
final class SpawnOptions {

  @InHelpGroup(HelpGroup.PLAN_AND_IMAGES)
  @Option(
      names = "--base-image",
      paramLabel = "IMAGE",
      description = "Image every container runs (env CFN_DOCKER_IMAGE; now: ${DEFAULT-VALUE}).")
  String image;

  @InHelpGroup(HelpGroup.CONTAINERS)
  @Option(
      names = "--workspace",
      paramLabel = "PATH",
      description =
          "Host directory mounted at /workspace (env CFN_DOCKER_WORKSPACE; now: ${DEFAULT-VALUE}).")
  Path workspace;

  @InHelpGroup(HelpGroup.CONTAINERS)
  @Option(
      names = "--network",
      paramLabel = "NAME",
      description =
          "Docker network, created if missing (env CFN_DOCKER_NETWORK; now: ${DEFAULT-VALUE}).")
  String network;

  @InHelpGroup(HelpGroup.CONTAINERS)
  @Option(
      names = "--environment",
      paramLabel = "VAR[=VALUE]",
      description =
          "Extra variable for every container, repeatable; VAR alone passes your own value on.")
  List<String> environment = new ArrayList<>();

  @InHelpGroup(HelpGroup.CONTAINERS)
  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description = "VAR=VALUE lines for every container; keeps secrets off the command line.")
  Path envFile;

  @InHelpGroup(HelpGroup.SCHEDULING)
  @Option(
      names = "--parallel",
      paramLabel = "N",
      description =
          "Max containers starting at once; as many more are created meanwhile"
              + " (env CFN_SPAWN_PARALLEL_LIMIT; now: ${DEFAULT-VALUE}).")
  int parallel;

  @InHelpGroup(HelpGroup.LIMITS_AND_SECURITY)
  @Option(
      names = "--cap-add",
      paramLabel = "CAP",
      description =
          "Give back one capability (all are dropped by default), e.g. CHOWN; repeatable.")
  List<String> capabilities = new ArrayList<>();

  @InHelpGroup(HelpGroup.LIMITS_AND_SECURITY)
  @Option(
      names = "--pids-limit",
      paramLabel = "N",
      defaultValue = "1024",
      description = "Max processes per container (default: ${DEFAULT-VALUE}).")
  long pidsLimit;

  @InHelpGroup(HelpGroup.LIMITS_AND_SECURITY)
  @Option(
      names = "--read-only",
      description =
          "Read-only root filesystem, with a tmpfs at /tmp (the workspace stays writable).")
  boolean readOnly;

  @InHelpGroup(HelpGroup.LIMITS_AND_SECURITY)
  @Option(
      names = "--user",
      paramLabel = "UID[:GID]",
      description = "Run as this user, e.g. 1000:1000.")
  String user;

  @InHelpGroup(HelpGroup.SCHEDULING)
  @Option(
      names = "--constraint",
      paramLabel = "EXPR",
      description =
          "Swarm placement constraint, repeatable: KEY==VALUE or KEY!=VALUE, e.g."
              + " node.hostname==worker-1 or node.labels.disk==ssd (--backend swarm only).")
  List<String> constraints = new ArrayList<>();

  @InHelpGroup(HelpGroup.LIMITS_AND_SECURITY)
  @Option(
      names = "--allow-sensitive-mounts",
      description = "Allow a workspace that is / or holds the Docker socket (refused by default).")
  boolean allowSensitiveMounts;

  private ContainerSecurity security() {
    List<String> added = new ArrayList<>();
    for (String name : capabilities) {
      String normalized = name.trim().toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
      try {
        Capability.valueOf(normalized);
      } catch (IllegalArgumentException e) {
        throw new InputException("--cap-add " + name, "not a Linux capability");
      }
      added.add(normalized);
    }
    if (pidsLimit < 1) {
      throw new InputException("--pids-limit", "must be at least 1, got " + pidsLimit);
    }
    if (user != null && !user.matches("[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?")) {
      throw new InputException("--user " + user, "expected UID, UID:GID or a user name");
    }
    return new ContainerSecurity(added, pidsLimit, readOnly, user);
  }

  /**
   * Validated settings for spawning under a run id.
   *
   * @throws InputException naming the option that is wrong
   */
  SpawnSettings settings(Context context, String runId, boolean dryRun) {
    if (parallel < 1) {
      throw new InputException("--parallel", "must be at least 1, got " + parallel);
    }
    if (!RunIds.isValid(runId)) {
      throw new InputException("--run-id " + runId, "must match [a-z0-9][a-z0-9_.-]{0,31}");
    }
    requireImage(image);
    List<String> placement = PlacementConstraints.parse(constraints);
    if (!placement.isEmpty() && !Backends.capabilities(context.backendName()).placesOnNodes()) {
      throw new InputException(
          "--constraint " + constraints.get(0),
          "only the swarm backend places attempts on nodes (--backend swarm); the "
              + context.backendName()
              + " backend runs every attempt on its one engine");
    }
    return new SpawnSettings(
        image,
        SpawnPreflight.realWorkspace(
            workspace, allowSensitiveMounts, Backends.engineSocket(context.environment)),
        network == null || network.isBlank() ? null : network,
        containerEnvironment(context),
        parallel,
        runId,
        dryRun,
        security(),
        placement);
  }

  /**
   * @throws InputException naming --base-image when it is empty or not an image reference
   */
  static void requireImage(String image) {
    if (image == null || image.isBlank()) {
      throw new InputException("--base-image", "must not be empty");
    }
    try {
      ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      throw new InputException("--base-image " + image, e.getMessage());
    }
  }

  /** --env-file first, then --environment (a bare VAR takes the caller's value). */
  private Map<String, String> containerEnvironment(Context context) {
    Map<String, String> merged = new LinkedHashMap<>();
    if (envFile != null) {
      merged.putAll(EnvironmentEntries.readFile(envFile));
    }
    merged.putAll(EnvironmentEntries.parse(environment, context.environment));
    return merged;
  }
}
