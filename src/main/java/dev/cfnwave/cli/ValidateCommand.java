package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.attempt.Networks;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.image.PullPolicy;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.preview.RunPreview;
import dev.cfnwave.run.RunBudget;
import dev.cfnwave.run.admission.Schedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A plan checked and previewed as run would take it, creating and pulling nothing; without an
 * engine it still checks the plan (a CI lint step), and says what it could not check.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a wave plan and preview its run, creating and pulling nothing.",
      "Shows the order batches would start in, each wave's peak memory against the budget, the"
          + " batches no budget or node can hold, the images that would be pulled, the CFN_*"
          + " variables in force, and warnings: JSON on stdout, a summary on stderr. Without an"
          + " engine, the plan alone is checked (the budget too with --memory-budget), and the exit"
          + " code is 0 when it is valid."
    })
final class ValidateCommand implements Callable<Integer> {

  static final String UNREACHABLE = "not reachable, budget and images not checked";

  static final String UNREACHABLE_WITH_BUDGET =
      "not reachable, images not checked (the budget is --memory-budget's)";

  private final Context context;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PLAN",
      description = "Wave plan JSON (or --wave-plan).")
  Path planArgument;

  @Option(names = "--wave-plan", paramLabel = "FILE", description = "Wave plan JSON.")
  Path wavePlan;

  @Option(
      names = "--waves",
      paramLabel = "LIST",
      description = "Waves the run would run: 2-4, 1,3 or 2 (default: all, in plan order).")
  String waveSelection;

  @Option(
      names = "--schedule",
      paramLabel = "MODE",
      completionCandidates = Converters.ScheduleNames.class,
      defaultValue = "waves",
      description = "waves or continuous, as for run (default: ${DEFAULT-VALUE}).")
  Schedule schedule;

  @Option(
      names = "--memory-budget",
      paramLabel = "SIZE",
      description =
          "The run's budget, as for run; checked even when no engine answers (default: engine"
              + " memory minus --memory-reserve).")
  MemorySize memoryBudget;

  @Option(
      names = "--memory-reserve",
      paramLabel = "SIZE",
      description = "Kept free for the host when the budget is derived, as for run.")
  MemorySize memoryReserve;

  @Option(
      names = "--backfill-limit",
      paramLabel = "SECONDS",
      converter = Converters.SecondsOrZero.class,
      description = "As for run (env CFN_BACKFILL_LIMIT; now: ${DEFAULT-VALUE}).")
  Duration backfillLimit;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description =
          "Each wave's time limit, as for run (env CFN_MONITOR_TIMEOUT; now: ${DEFAULT-VALUE}).")
  Duration waveTimeout;

  @Option(
      names = "--batch-timeout",
      paramLabel = "SECONDS",
      description = "Each attempt's time limit, as for run.")
  Duration batchTimeout;

  @Option(
      names = "--base-image",
      paramLabel = "IMAGE",
      description =
          "Image of batches without their own (env CFN_DOCKER_IMAGE; now: ${DEFAULT-VALUE}).")
  String baseImage;

  @Option(
      names = "--pull",
      paramLabel = "WHEN",
      completionCandidates = Converters.PullPolicyNames.class,
      description =
          "missing, always or never, as for run (env CFN_PULL; now: ${DEFAULT-VALUE});"
              + " nothing is pulled.")
  PullPolicy pull;

  @Option(
      names = "--runs-dir",
      paramLabel = "DIR",
      defaultValue = ".artifacts/runs",
      description =
          "Where earlier runs teach batch durations, as for run (default: ${DEFAULT-VALUE}).")
  Path runsDirectory;

  @Mixin CommonOptions common;

  ValidateCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.useBackend(common.backend);
    Path planFile = planFile();
    StderrRenderer renderer = context.renderer(common);
    SelectedPlan selected = SelectedPlan.read(context, renderer, planFile, waveSelection);
    SpawnOptions.requireImage(baseImage);
    String backendName = context.backendName();
    RunPreview.Request request =
        new RunPreview.Request(
            "validate",
            selected.plan(),
            selected.waves(),
            schedule,
            backfillLimit,
            waveTimeout,
            batchTimeout,
            baseImage,
            pull,
            runsDirectory,
            context.environment);
    return PreviewOutput.emit(
        context,
        renderer,
        RunPreview.of(request, engine(backendName, renderer), renderer),
        common.output);
  }

  private Path planFile() {
    if (planArgument != null && wavePlan != null && !planArgument.equals(wavePlan)) {
      throw new InputException("--wave-plan " + wavePlan, "and PLAN " + planArgument + " differ");
    }
    Path plan = planArgument != null ? planArgument : wavePlan;
    if (plan == null) {
      throw new InputException("PLAN", "required (a wave plan JSON file, or --wave-plan)");
    }
    return plan;
  }

  /** The network a run would use: CFN_DOCKER_NETWORK's, as run reads it; none for a built-in. */
  private Optional<String> network() {
    String network = context.environment.getOrDefault("CFN_DOCKER_NETWORK", "cfn-network");
    return network.isBlank() || Networks.isBuiltIn(network)
        ? Optional.empty()
        : Optional.of(network);
  }

  /** The engine's budget and images; when it does not answer, only what options tell. */
  private RunPreview.EngineView engine(String backendName, StderrRenderer renderer) {
    try {
      Backend backend = context.backend();
      RunBudget budget = RunBudget.forBackend(backend, List.of(), memoryBudget, memoryReserve);
      return new RunPreview.EngineView(
          backendName,
          backend,
          budget,
          RunPreview.engineCautions(backend, null),
          null,
          network().stream().toList());
    } catch (EngineException e) {
      renderer.debug("the engine did not answer: " + e.getMessage());
      return memoryBudget == null
          ? new RunPreview.EngineView(backendName, null, null, List.of(), UNREACHABLE)
          : new RunPreview.EngineView(
              backendName, null, RunBudget.given(memoryBudget), List.of(), UNREACHABLE_WITH_BUDGET);
    }
  }
}
