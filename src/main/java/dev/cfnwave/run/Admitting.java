package dev.cfnwave.run;

import dev.cfnwave.attempt.BatchContainers;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.image.PinnedImage;
import dev.cfnwave.image.PreparedImages;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.run.admission.AdmissionPolicy;
import dev.cfnwave.run.admission.Backfill;
import dev.cfnwave.run.admission.MemoryBudget;
import dev.cfnwave.run.admission.NetworkCapacity;
import dev.cfnwave.run.admission.Pools;
import dev.cfnwave.run.admission.SharedBudget;
import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.Journal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run loop's admission step: offers memory to the admission policy's candidates whose image is
 * ready and launches those that fit, journaling each attempt before its launch; a candidate whose
 * image could not be pulled is rejected. Confined to the run's thread.
 */
final class Admitting {

  private final String taskId;
  private final RunSettings settings;
  private final Map<String, String> extraLabels;
  private final Backfill backfill;
  private final Journal journal;
  private final AttemptRunner runner;
  private final MemoryBudget budget;
  private final SharedBudget shared;
  private final Pools pools;
  private final AdmissionPolicy admission;
  private final PreparedImages images;
  private final TimeLimits limits;
  private final InstantSource clock;
  private final NetworkCapacity networks;

  Admitting(String taskId, RunSettings settings, RunSteps.Tools tools) {
    this.taskId = taskId;
    this.settings = settings;
    this.extraLabels =
        Map.of(CfnLabels.RUN_DIR, settings.runDirectory().toAbsolutePath().toString());
    this.backfill = new Backfill(settings.backfillLimit(), tools.listener());
    this.journal = tools.journal();
    this.runner = tools.runner();
    this.budget = tools.budget();
    this.shared = tools.shared();
    this.pools = tools.pools();
    this.admission = tools.admission();
    this.images = tools.images();
    this.limits = tools.limits();
    this.clock = tools.clock();
    this.networks = tools.networks();
  }

  /**
   * Launches the candidates whose memory fits the run's budget, one node and, with what others
   * hold, the engine's, in order but for backfilling ({@link Backfill}). Only in the host's
   * admission turn, and only taken when something fits the run's own budget.
   */
  void admit() {
    Instant now = clock.instant();
    images.requireNoToolFailure();
    shared.refreshIfDue(now);
    List<BatchRun> eligible = new ArrayList<>();
    for (BatchRun b : admission.candidates()) {
      if (!b.isEligible(now)) {
        continue;
      }
      Optional<String> failure = images.failure(imageOf(b));
      if (failure.isPresent()) {
        reject(b, failure.get(), now);
      } else if (images.ready(imageOf(b)).isPresent()) {
        eligible.add(b);
      }
    }
    if (!backfill.mayLaunchAny(
            eligible,
            now,
            b ->
                budget.fitsOwnBudget(b.nextShape().memoryLimit())
                    && pools.haveOwnSlot(b.nextShape().uses()))
        || !shared.beginAdmission(now)) {
      return;
    }
    networks.read();
    boolean launched = backfill.pass(eligible, now, b -> tryLaunch(b, now), b -> !poolsHaveSlot(b));
    shared.endAdmission(launched, runner.inFlight(), now);
  }

  private boolean poolsHaveSlot(BatchRun b) {
    return pools.haveSlot(b.nextShape().uses());
  }

  private boolean tryLaunch(BatchRun b, Instant now) {
    int number = b.attempts().size() + 1;
    Batch shape = b.nextShape();
    String name =
        BatchContainers.containerName(
            b.waveNumber, shape.batchId(), settings.spawn().runId(), number);
    Optional<String> network = networks.tryReserve(name);
    if (network.isEmpty()) {
      return false;
    }
    if (!budget.tryReserve(name, shape.memoryLimit())) {
      networks.launched(name);
      return false;
    }
    pools.take(name, shape.uses());
    launch(b, number, shape, name, network.get(), now);
    return true;
  }

  private void launch(
      BatchRun b, int number, Batch shape, String name, String network, Instant now) {
    PinnedImage image = images.ready(imageOf(b)).orElseThrow();
    journal.append(
        b.starting(new Attempt(number, shape, name, image.image(), image.imageDigest()), now));
    limits.launching(b.waveNumber, now);
    SpawnSettings spawn =
        network.isEmpty() ? settings.spawn() : settings.spawn().withNetwork(network);
    AttemptSpec spec =
        BatchContainers.specFor(
            taskId, b.waveNumber, shape, spawn, number, labelsOf(shape), image.runAs());
    runner.launch(b, spec);
  }

  /** An attempt that is journaled and ends at once, rejected: its image could not be pulled. */
  private void reject(BatchRun b, String error, Instant now) {
    int number = b.attempts().size() + 1;
    Batch shape = b.nextShape();
    String name =
        BatchContainers.containerName(
            b.waveNumber, shape.batchId(), settings.spawn().runId(), number);
    journal.append(b.starting(new Attempt(number, shape, name, imageOf(b), null), now));
    runner.reject(b, error);
  }

  /** The run's own labels, and the pools the batch uses: other runs count it in theirs. */
  private Map<String, String> labelsOf(Batch shape) {
    if (shape.uses().isEmpty()) {
      return extraLabels;
    }
    Map<String, String> labels = new HashMap<>(extraLabels);
    labels.put(CfnLabels.POOLS, String.join(",", shape.uses()));
    return labels;
  }

  /** The batch's image as written: its own, else --base-image. */
  private String imageOf(BatchRun b) {
    return b.nextShape().imageOr(settings.spawn().image());
  }
}
