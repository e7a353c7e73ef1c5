package dev.cfnwave.preview;

import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.image.PullPolicy;
import dev.cfnwave.image.RunImages;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.preview.PreviewDocument.Budget;
import dev.cfnwave.preview.PreviewDocument.Image;
import dev.cfnwave.preview.PreviewDocument.NodeRoom;
import dev.cfnwave.preview.PreviewDocument.Unfit;
import dev.cfnwave.run.RunBudget;
import dev.cfnwave.run.admission.Estimates;
import dev.cfnwave.run.admission.Schedule;
import dev.cfnwave.run.journal.BatchRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A run before it happens: the plan's selected waves replayed through the run's admission, the
 * batches no budget or node can hold, the images and whether they are there, the variables and
 * warnings. It reads the engine (capacity and local images, through what the caller passes) and the
 * runs folder (learned durations), and creates, pulls and writes nothing.
 */
public final class RunPreview {

  /**
   * What shapes the preview: the run's options, validated.
   *
   * @param waves the selected wave numbers, null for all
   * @param waveTimeout each wave's limit (null: none said)
   * @param batchTimeout each attempt's limit (null: none)
   * @param runsDirectory where earlier runs teach durations (null: the plan's alone)
   */
  public record Request(
      String command,
      WavePlan plan,
      List<Integer> waves,
      Schedule schedule,
      Duration backfillLimit,
      Duration waveTimeout,
      Duration batchTimeout,
      String baseImage,
      PullPolicy pull,
      Path runsDirectory,
      Map<String, String> environment) {

    public Request {
      Objects.requireNonNull(plan, "plan");
      Objects.requireNonNull(schedule, "schedule");
      Objects.requireNonNull(backfillLimit, "backfillLimit");
      Objects.requireNonNull(pull, "pull");
      waves = waves == null ? null : List.copyOf(waves);
      environment = Map.copyOf(environment);
    }

    boolean includesWave(int waveNumber) {
      return waves == null || waves.contains(waveNumber);
    }
  }

  /**
   * What the engine told, if it answered.
   *
   * @param backend null when it did not answer: images are not checked
   * @param budget null when neither the engine nor --memory-budget gave one
   * @param note why something was not checked, else null
   */
  public record EngineView(
      String backendName,
      Backend backend,
      RunBudget budget,
      List<String> cautions,
      String note,
      List<String> networks) {

    /**
     * @param networks the run's networks, checked for room against the replay (none: attached to
     *     nothing, or not checked)
     */
    public EngineView {
      cautions = List.copyOf(cautions);
      networks = List.copyOf(networks);
    }

    /** Without networks to check. */
    public EngineView(
        String backendName, Backend backend, RunBudget budget, List<String> cautions, String note) {
      this(backendName, backend, budget, cautions, note, List.of());
    }
  }

  private RunPreview() {}

  public static PreviewDocument of(Request request, EngineView engine, WaveListener listener) {
    WavePlan plan = request.plan();
    List<Wave> waves =
        plan.waves().stream().filter(w -> request.includesWave(w.waveNumber())).toList();
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>(engine.cautions());
    RunBudget budget = engine.budget();
    List<Unfit> unfit =
        budget == null
            ? List.of()
            : budget.misfits(plan, request.waves()).stream()
                .map(
                    m ->
                        new Unfit(
                            m.batchId(),
                            m.waveNumber(),
                            m.memoryLimit().dockerForm(),
                            m.path(),
                            m.reason()))
                .toList();
    unfit.forEach(u -> problems.add(u.path() + ": " + u.reason()));
    Set<String> unfitIds = unfit.stream().map(Unfit::batchId).collect(Collectors.toSet());

    List<BatchRun> runs = BatchRun.of(waves);
    Estimates estimates =
        Estimates.learned(
            request.runsDirectory(),
            request.runsDirectory() == null ? null : request.runsDirectory().resolve(".preview"),
            plan.taskId(),
            runs,
            listener);
    StartOrder.Result order =
        StartOrder.of(
            waves,
            unfitIds,
            estimates,
            budget,
            request.schedule(),
            request.backfillLimit(),
            request.baseImage(),
            plan.pools());
    warnings.addAll(PreviewWarnings.of(request, budget, order, estimates));
    boolean inRounds = order.waves().stream().anyMatch(w -> w.rounds() != null && w.rounds() > 1);
    warnings.addAll(
        PlanChecks.warnings(
            engine.backend(),
            engine.networks(),
            waves,
            order.starts(),
            request.runsDirectory(),
            !unfit.isEmpty() || inRounds));

    List<Image> images =
        ImagePresence.check(
            RunImages.of(plan, request.baseImage(), request::includesWave),
            engine.backend(),
            request.pull(),
            problems::add);
    return new PreviewDocument(
        request.command(),
        plan.source(),
        plan.taskId(),
        problems.isEmpty(),
        problems,
        warnings,
        new PreviewDocument.Engine(
            engine.backendName(),
            engine.backend() != null,
            engine.backend() == null ? null : describe(engine.backend()),
            engine.note()),
        request.schedule().name().toLowerCase(Locale.ROOT),
        StartOrder.seconds(request.backfillLimit()),
        budget == null ? null : budgetOf(budget),
        order.waves(),
        order.starts(),
        unfit,
        request.pull().name().toLowerCase(Locale.ROOT),
        images,
        Variables.inForce(request.environment()));
  }

  /**
   * What the run would warn about its engine before it starts (an old engine, a network known to
   * cause trouble), as {@code SpawnPreflight} says it; nothing when the engine cannot tell.
   *
   * @param network null: none to ask about
   */
  public static List<String> engineCautions(Backend backend, String network) {
    List<String> cautions = new ArrayList<>();
    try {
      backend.engineCaution().ifPresent(cautions::add);
      if (network != null) {
        backend.networkCaution(network).ifPresent(cautions::add);
      }
    } catch (EngineException e) {
      // the run would only log this at debug level
    }
    return cautions;
  }

  private static Budget budgetOf(RunBudget budget) {
    return new Budget(
        budget.size().dockerForm(),
        budget.size().bytes(),
        budget.engine().bytes(),
        budget.nodes().stream().map(n -> new NodeRoom(n.node(), n.memoryBytes())).toList(),
        budget.description());
  }

  private static String describe(Backend backend) {
    try {
      return backend.describe();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
