package dev.cfnwave.cli;

import dev.cfnwave.attempt.RunIds;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EngineUnavailableException;
import dev.cfnwave.image.PreparedImages;
import dev.cfnwave.image.PullSettings;
import dev.cfnwave.image.RunImages;
import dev.cfnwave.plan.PlanReader;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.SpawnManifest;
import dev.cfnwave.spawn.SpawnDependencies;
import dev.cfnwave.spawn.SpawnPreflight;
import dev.cfnwave.spawn.WaveSpawner;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** spawn-wave.sh: one container per batch of a wave, with memory limits from the tier table. */
@Command(
    name = "spawn",
    mixinStandardHelpOptions = true,
    description = "Spawn one container per batch of a wave plan's wave; print the manifest.")
final class SpawnCommand implements Callable<Integer> {

  private final Context context;

  @InHelpGroup(HelpGroup.PLAN_AND_IMAGES)
  @Option(
      names = "--wave-plan",
      required = true,
      paramLabel = "FILE",
      description = "Wave plan JSON.")
  Path wavePlan;

  @InHelpGroup(HelpGroup.PLAN_AND_IMAGES)
  @Option(
      names = "--wave-number",
      required = true,
      paramLabel = "N",
      description = "Wave to spawn.")
  int waveNumber;

  @InHelpGroup(HelpGroup.PLAN_AND_IMAGES)
  @Option(
      names = "--dry-run",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Validate and show what would be spawned; create nothing (env CFN_SPAWN_DRY_RUN).")
  boolean dryRun;

  @InHelpGroup(HelpGroup.PLAN_AND_IMAGES)
  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "Run id for labels and names (default: random); [a-z0-9][a-z0-9_.-]{0,31}.")
  String runId;

  @Mixin SpawnOptions spawnOptions;

  @Mixin PullOptions pull;

  @Mixin CommonOptions common;

  SpawnCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.useBackend(common.backend);
    StderrRenderer renderer = context.renderer(common);
    Map<String, String> env = context.environment;
    WavePlan plan = new PlanReader(TierTable.fromEnvironment(env), renderer::warn).read(wavePlan);
    Wave wave = plan.wave(waveNumber);
    SpawnDependencies.check(plan, wave, renderer::warn);
    SpawnSettings settings =
        spawnOptions.settings(context, runId == null ? RunIds.next() : runId, dryRun);

    PullSettings pulls = pull.settings();
    Backend backend = context.backend();
    SpawnManifest manifest;
    try (PreparedImages images = checkImages(backend, plan, settings, pulls, renderer)) {
      if (dryRun) {
        images.preview().forEach(line -> renderer.info("dry run: " + line));
      } else {
        SpawnPreflight.cautionAboutEngine(backend, settings.network(), renderer);
        images.start(null);
        images.awaitAll();
      }
      manifest = new WaveSpawner(backend, renderer).spawn(plan.taskId(), wave, settings, images);
    }
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

  /** Every image of the wave checked, none pulled; a dry run goes on without an engine. */
  private PreparedImages checkImages(
      Backend backend,
      WavePlan plan,
      SpawnSettings settings,
      PullSettings pulls,
      StderrRenderer renderer) {
    try {
      return PreparedImages.check(
          backend,
          RunImages.of(plan, settings.image(), number -> number == waveNumber),
          pulls,
          Map.of(),
          renderer);
    } catch (EngineUnavailableException e) {
      if (!dryRun) {
        throw e;
      }
      renderer.warn(
          "dry run without a Docker engine: the images were not checked (" + e.getMessage() + ")");
      return PreparedImages.asWritten();
    }
  }
}
