package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.attempt.Networks;
import dev.cfnwave.attempt.RunIds;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.image.PinsFile;
import dev.cfnwave.image.PreparedImages;
import dev.cfnwave.image.PullSettings;
import dev.cfnwave.image.RunImages;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.preview.PreviewDocument;
import dev.cfnwave.preview.RunPreview;
import dev.cfnwave.run.OutputSettings;
import dev.cfnwave.run.RunBudget;
import dev.cfnwave.run.RunSettings;
import dev.cfnwave.run.SpendLimits;
import dev.cfnwave.run.admission.Schedule;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.spawn.SpawnPreflight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The whole plan in one command: spawn, monitor and clean up every wave, memory-aware. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run every wave of a plan (or --waves) through spawn, monitor and cleanup.",
      "The sum of running containers' memory limits stays within a budget; failed batches can"
          + " be retried; waves and batches have time limits; a journal allows --resume after a"
          + " crash; a final report says how each batch ended."
    })
final class RunCommand implements Callable<Integer> {

  private final Context context;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @InHelpGroup(HelpGroup.PLAN_AND_IMAGES)
  @Option(names = "--wave-plan", paramLabel = "FILE", description = "Wave plan JSON.")
  Path wavePlan;

  @InHelpGroup(HelpGroup.PLAN_AND_IMAGES)
  @Option(
      names = "--waves",
      paramLabel = "LIST",
      description = "Waves to run: 2-4, 1,3 or 2 (default: all, in plan order).")
  String waveSelection;

  @InHelpGroup(HelpGroup.LIMITS_AND_SECURITY)
  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description =
          "Each wave's time limit from its first start (env CFN_MONITOR_TIMEOUT; now: ${DEFAULT-VALUE}).")
  Duration waveTimeout;

  @InHelpGroup(HelpGroup.LIMITS_AND_SECURITY)
  @Option(
      names = "--batch-timeout",
      paramLabel = "SECONDS",
      description = "Each attempt's time limit, from when it started running.")
  Duration batchTimeout;

  @InHelpGroup(HelpGroup.LIMITS_AND_SECURITY)
  @Option(
      names = "--pending-timeout",
      paramLabel = "SECONDS",
      description =
          "How long a launched attempt may wait to be started (swarm: placed on a node); then it"
              + " is stopped and ends rejected, with the reason it waited (env CFN_PENDING_TIMEOUT;"
              + " now: ${DEFAULT-VALUE}).")
  Duration pendingTimeout;

  @InHelpGroup(HelpGroup.SCHEDULING)
  @Option(
      names = "--backfill-limit",
      paramLabel = "SECONDS",
      converter = Converters.SecondsOrZero.class,
      description =
          "A batch that waits for memory lets smaller batches start before it for up to this"
              + " long, from when it first did not fit; then none passes it until it starts; 0:"
              + " strict order (env CFN_BACKFILL_LIMIT; now: ${DEFAULT-VALUE}).")
  Duration backfillLimit;

  @InHelpGroup(HelpGroup.LIMITS_AND_SECURITY)
  @Option(
      names = "--stop-grace",
      paramLabel = "SECONDS",
      defaultValue = "10",
      converter = Converters.SecondsOrZero.class,
      description =
          "Between SIGTERM and SIGKILL when a container is stopped (default: ${DEFAULT-VALUE}).")
  Duration stopGrace;

  @InHelpGroup(HelpGroup.SCHEDULING)
  @Option(
      names = "--poll-interval",
      paramLabel = "SECONDS",
      description =
          "Reconcile with the engine this often (env CFN_MONITOR_POLL_INTERVAL; now: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @InHelpGroup(HelpGroup.LOGS_AND_REPORTS)
  @Option(
      names = "--peak-sample-interval",
      paramLabel = "SECONDS",
      converter = Converters.SecondsOrZero.class,
      defaultValue = "1",
      description =
          "Read each running container's highest memory this often, for report.json's"
              + " peak_memory_bytes; 0: never (default: ${DEFAULT-VALUE}).")
  Duration peakSampleInterval;

  @InHelpGroup(HelpGroup.SCHEDULING)
  @Option(
      names = "--keep-going",
      description = "Run the remaining waves after a wave with failures.")
  boolean keepGoing;

  @InHelpGroup(HelpGroup.SCHEDULING)
  @Option(
      names = "--memory-budget",
      paramLabel = "SIZE",
      description =
          "Max sum of running containers' memory limits (default: engine memory minus"
              + " --memory-reserve; on swarm: every node's memory minus the reserve).")
  MemorySize memoryBudget;

  @InHelpGroup(HelpGroup.SCHEDULING)
  @Option(
      names = "--memory-reserve",
      paramLabel = "SIZE",
      description =
          "Kept free for the host when the budget is derived, on swarm on every node (default: 10%%"
              + " of the engine's memory, at least 1g).")
  MemorySize memoryReserve;

  @InHelpGroup(HelpGroup.SCHEDULING)
  @Option(
      names = "--schedule",
      paramLabel = "MODE",
      completionCandidates = Converters.ScheduleNames.class,
      defaultValue = "waves",
      description =
          "waves (a barrier between waves) or continuous (waves are priority order) (default: ${DEFAULT-VALUE}).")
  Schedule schedule;

  @InHelpGroup(HelpGroup.LOGS_AND_REPORTS)
  @Option(
      names = "--runs-dir",
      paramLabel = "DIR",
      defaultValue = ".artifacts/runs",
      description = "Where each run keeps its folder (default: ${DEFAULT-VALUE}).")
  Path runsDirectory;

  @InHelpGroup(HelpGroup.PLAN_AND_IMAGES)
  @Option(names = "--run-id", paramLabel = "ID", description = "Run id (default: random).")
  String runId;

  @InHelpGroup(HelpGroup.PLAN_AND_IMAGES)
  @Option(
      names = "--resume",
      paramLabel = "RUN_ID",
      description = "Resume a run whose orchestrator died.")
  String resume;

  @InHelpGroup(HelpGroup.CONTAINERS)
  @Option(
      names = "--networks-per-run",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Spread the containers over N bridge networks (the network, then NAME-2, NAME-3, ...),"
              + " created and labelled here: each takes 1,023 containers; docker backend only, for"
              + " agents that need not reach each other (default: ${DEFAULT-VALUE}).")
  int networksPerRun;

  @Mixin RetryOptions retry;

  @Mixin PoolOptions poolOptions;

  @Mixin HaltOptions haltOptions;

  @Mixin SpawnOptions spawnOptions;

  @Mixin PullOptions pull;

  @InHelpGroup(HelpGroup.PLAN_AND_IMAGES)
  @Option(
      names = "--remove-pulled-images",
      description =
          "At the end, remove the images this run pulled (never one that was there before);"
              + " docker backend only.")
  boolean removePulledImages;

  @Mixin LogOptions logs;

  @InHelpGroup(HelpGroup.PLAN_AND_IMAGES)
  @Option(
      names = "--dry-run",
      description =
          "Check everything and preview the run as validate does (start order, memory, images,"
              + " variables, warnings); create and pull nothing. Exit 0: it could proceed.")
  boolean dryRun;

  @Mixin ProgressOptions progress;

  @Mixin OutputOptions outputs;

  @Mixin SpendOptions spend;

  /** Limits a --resume gave, over the run's own (null: none given). */
  SpendLimits resumedSpend;

  @Mixin CommonOptions common;

  RunCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.useBackend(common.backend);
    if (resume != null) {
      if (dryRun) {
        throw new InputException("--dry-run", "previews a new run, not a --resume");
      }
      return new RunResumption(context).resume(runsDirectory, resume, common, spend);
    }
    if (wavePlan == null) {
      throw new InputException("--wave-plan", "required (or --resume RUN_ID)");
    }
    String id = runId == null ? RunIds.next() : runId;
    Path runDirectory = runsDirectory.resolve(id);
    if (Files.exists(runDirectory)) {
      throw new InputException("--run-id " + id, runDirectory + " exists already (use --resume)");
    }
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    return execute(
        id,
        wavePlan,
        runDirectory,
        () -> RunFolder.create(runDirectory, wavePlan, args, context.environment));
  }

  /**
   * Validates everything, and only then creates the run folder (fresh runs) and runs, or resumes
   * when the run folder has a journal. A validation error leaves nothing behind.
   */
  int execute(String id, Path planFile, Path runDirectory, Runnable createRunFolder) {
    SpendLimits spendLimits =
        resumedSpend == null ? spend.limits() : spend.limits().overriddenBy(resumedSpend);
    StderrRenderer renderer = context.renderer(common);
    renderer.progressInterval(progress.interval);
    SelectedPlan selected = SelectedPlan.read(context, renderer, planFile, waveSelection);
    WavePlan plan = selected.plan();
    List<Integer> waves = selected.waves();
    SpawnSettings spawnSettings = spawnOptions.settings(context, id, false);
    requireNetworksPerRunFits(spawnSettings.network());
    poolOptions.validateAgainst(plan.pools());
    OutputSettings outputSettings = outputs.settings(context.backendName());
    Backend backend = context.backend(!dryRun);
    RunBudget budget =
        RunBudget.forBackend(backend, spawnSettings.constraints(), memoryBudget, memoryReserve);
    RunSettings settings =
        settings(spawnSettings, waves, budget, runDirectory)
            .outputs(outputSettings)
            .spend(spendLimits)
            .build();
    PullSettings pulls = pull.settings();
    if (dryRun) {
      return PreviewOutput.emit(
          context,
          renderer,
          preview(plan, settings, pulls, backend, budget, renderer),
          common.output);
    }
    budget.requireFits(plan, waves);
    try (PreparedImages images =
        PreparedImages.check(
            backend,
            RunImages.of(plan, spawnSettings.image(), settings::includesWave),
            pulls,
            PinsFile.read(runDirectory),
            renderer)) {
      SpawnPreflight.cautionAboutEngine(backend, spawnSettings.network(), renderer);
      images.pullUnconfirmed();
      Networks.prepare(backend, spawnSettings.network(), networksPerRun, renderer);
      createRunFolder.run();
      renderer.info(budget.description());
      return new RunInFolder(context, renderer, runsDirectory)
          .run(plan, waves, settings, images, removePulledImages, common.output);
    }
  }

  /** --dry-run: what the run would do, from the settings it would run with. */
  private PreviewDocument preview(
      WavePlan plan,
      RunSettings settings,
      PullSettings pulls,
      Backend backend,
      RunBudget budget,
      StderrRenderer renderer) {
    RunPreview.Request request =
        new RunPreview.Request(
            "run --dry-run",
            plan,
            settings.waves(),
            settings.schedule(),
            settings.backfillLimit(),
            settings.waveTimeout(),
            settings.batchTimeout(),
            settings.spawn().image(),
            pulls.policy(),
            settings.historyDirectory(),
            context.environment);
    RunPreview.EngineView engine =
        new RunPreview.EngineView(
            backend.name(),
            backend,
            budget,
            RunPreview.engineCautions(backend, settings.spawn().network()),
            null,
            Networks.names(settings.spawn().network(), networksPerRun).stream()
                .filter(n -> !Networks.isBuiltIn(n))
                .toList());
    return RunPreview.of(request, engine, renderer);
  }

  /**
   * --networks-per-run above 1 needs networks this tool may create: bridges on the docker backend.
   */
  private void requireNetworksPerRunFits(String network) {
    String option = "--networks-per-run " + networksPerRun;
    if (networksPerRun < 1) {
      throw new InputException(option, "must be at least 1");
    }
    if (networksPerRun == 1) {
      return;
    }
    if (!"docker".equals(context.backendName())) {
      throw new InputException(
          option, "works on the docker backend only, not " + context.backendName());
    }
    if (network == null || Networks.isBuiltIn(network)) {
      throw new InputException(
          option,
          "needs a network cfn-wave may create, not --network "
              + (network == null ? "\"\"" : network)
              + " (the engine's own)");
    }
  }

  /** The waves a run's --waves selected, null for all of them (report reads it back). */
  static List<Integer> selectedWaves(String selection, WavePlan plan) {
    return selection == null ? null : WaveSelection.parse(selection, plan);
  }

  private RunSettings.Builder settings(
      SpawnSettings spawn, List<Integer> waves, RunBudget budget, Path runDirectory) {
    RunSettings.Builder builder =
        retry
            .applyTo(RunSettings.builder(spawn, runDirectory))
            .learnDurationsFrom(runDirectory.getParent())
            .memoryBudget(budget.size())
            .engineBudget(budget.engine())
            .nodes(budget.nodes())
            .waveTimeout(waveTimeout)
            .waves(waves)
            .schedule(schedule)
            .batchTimeout(batchTimeout)
            .pendingTimeout(pendingTimeout)
            .backfillLimit(backfillLimit)
            .stopGrace(stopGrace)
            .pollInterval(pollInterval)
            .peakSampleInterval(peakSampleInterval)
            .keepGoing(keepGoing)
            .networksPerRun(networksPerRun)
            .logs(logs.policy(context), context.maxLogBytes());
    return haltOptions.applyTo(poolOptions.applyTo(builder, spawn.runId()));
  }
}
