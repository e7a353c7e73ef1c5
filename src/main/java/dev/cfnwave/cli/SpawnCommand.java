package dev.cfnwave.cli;

import dev.cfnwave.engine.ContainerEngine;
import dev.cfnwave.engine.EngineUnavailableException;
import dev.cfnwave.plan.PlanException;
import dev.cfnwave.plan.PlanReader;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.SpawnManifest;
import dev.cfnwave.spawn.EnvironmentEntries;
import dev.cfnwave.spawn.RunIds;
import dev.cfnwave.spawn.SpawnPreflight;
import dev.cfnwave.spawn.SpawnSettings;
import dev.cfnwave.spawn.WaveSpawner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** spawn-wave.sh: one container per batch of a wave, with memory limits from the tier table. */
@Command(
    name = "spawn",
    mixinStandardHelpOptions = true,
    description = "Spawn one container per batch of a wave plan's wave; print the manifest.",
    footer = {
      "",
      "Exit codes: 0 all containers spawned, 1 one or more failed to spawn,",
      "2 validation error (plan, wave, image, workspace, options) or no Docker engine."
    })
final class SpawnCommand implements Callable<Integer> {

  private final Context context;

  @Option(
      names = "--wave-plan",
      required = true,
      paramLabel = "FILE",
      description = "Wave plan JSON.")
  Path wavePlan;

  @Option(
      names = "--wave-number",
      required = true,
      paramLabel = "N",
      description = "Wave to spawn.")
  int waveNumber;

  @Option(
      names = "--base-image",
      paramLabel = "IMAGE",
      description = "Image every container runs (env CFN_DOCKER_IMAGE; now: ${DEFAULT-VALUE}).")
  String image;

  @Option(
      names = "--workspace",
      paramLabel = "PATH",
      description =
          "Host directory mounted at /workspace (env CFN_DOCKER_WORKSPACE; now: ${DEFAULT-VALUE}).")
  Path workspace;

  @Option(
      names = "--network",
      paramLabel = "NAME",
      description =
          "Docker network, created if missing (env CFN_DOCKER_NETWORK; now: ${DEFAULT-VALUE}).")
  String network;

  @Option(
      names = "--environment",
      paramLabel = "VAR=VALUE",
      description = "Extra environment variable for every container (repeatable).")
  List<String> environment = new ArrayList<>();

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description = "VAR=VALUE lines for every container; keeps secrets off the command line.")
  Path envFile;

  @Option(
      names = "--dry-run",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Validate and show what would be spawned; create nothing (env CFN_SPAWN_DRY_RUN).")
  boolean dryRun;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description = "Max concurrent spawns (env CFN_SPAWN_PARALLEL_LIMIT; now: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "Run id for labels and names (default: random); [a-z0-9][a-z0-9_.-]{0,31}.")
  String runId;

  @Mixin ContainerOptions container;

  @Mixin CommonOptions common;

  SpawnCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.showStackTraces(common.stacktrace);
    StderrRenderer renderer = context.renderer(common.verbose);
    Map<String, String> env = context.environment;
    WavePlan plan = new PlanReader(TierTable.fromEnvironment(env), renderer::warn).read(wavePlan);
    Wave wave = plan.wave(waveNumber);
    SpawnSettings settings = settings();

    ContainerEngine engine = context.engine();
    checkImage(engine, renderer);
    SpawnManifest manifest = new WaveSpawner(engine, renderer).spawn(plan.taskId(), wave, settings);
    DocumentOutput.emit(context, manifest, common.output);
    renderer.info(
        (dryRun
                ? "dry run: would spawn " + manifest.containers().size()
                : "spawned " + manifest.totalSpawned())
            + " of "
            + wave.batches().size()
            + " containers for wave "
            + waveNumber
            + " (run id "
            + settings.runId()
            + ", "
            + manifest.totalMemory()
            + ")");
    boolean anyFailed =
        manifest.containers().stream().anyMatch(c -> SpawnManifest.Entry.FAILED.equals(c.status()));
    return anyFailed ? ExitCodes.SOME_FAILED : ExitCodes.OK;
  }

  private SpawnSettings settings() {
    if (parallel < 1) {
      throw new PlanException("--parallel: must be at least 1, got " + parallel);
    }
    String id = runId == null ? RunIds.next() : runId;
    if (!RunIds.isValid(id)) {
      throw new PlanException("--run-id " + id + ": must match [a-z0-9][a-z0-9_.-]{0,31}");
    }
    if (image == null || image.isBlank()) {
      throw new PlanException("--base-image: must not be empty");
    }
    return new SpawnSettings(
        image,
        SpawnPreflight.realWorkspace(workspace, container.allowSensitiveMounts),
        network == null || network.isBlank() ? null : network,
        containerEnvironment(),
        parallel,
        id,
        dryRun,
        container.security());
  }

  private void checkImage(ContainerEngine engine, StderrRenderer renderer) {
    try {
      SpawnPreflight.requireImage(engine, image, renderer);
    } catch (EngineUnavailableException e) {
      if (!dryRun) {
        throw e;
      }
      renderer.warn(
          "dry run without a Docker engine: the image was not checked (" + e.getMessage() + ")");
    }
  }

  /** --env-file first, then --environment (a bare VAR takes the caller's value). */
  private Map<String, String> containerEnvironment() {
    Map<String, String> merged = new LinkedHashMap<>();
    if (envFile != null) {
      merged.putAll(EnvironmentEntries.readFile(envFile));
    }
    merged.putAll(EnvironmentEntries.parse(environment, context.environment));
    return merged;
  }
}
