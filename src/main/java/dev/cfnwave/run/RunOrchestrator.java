package dev.cfnwave.run;

import dev.cfnwave.ToolFailureException;
import dev.cfnwave.attempt.EndNotice;
import dev.cfnwave.attempt.ExitWatcher;
import dev.cfnwave.attempt.LogPolicy;
import dev.cfnwave.attempt.Networks;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.image.PreparedImages;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.run.admission.AdmissionLock;
import dev.cfnwave.run.admission.AdmissionPolicy;
import dev.cfnwave.run.admission.Estimates;
import dev.cfnwave.run.admission.MemoryBudget;
import dev.cfnwave.run.admission.NetworkCapacity;
import dev.cfnwave.run.admission.Pools;
import dev.cfnwave.run.admission.Schedule;
import dev.cfnwave.run.admission.SharedBudget;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.EarlierProcesses;
import dev.cfnwave.run.journal.Journal;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.run.journal.StopReason;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a whole plan: admits batches while their memory limits fit the budget (per wave, or
 * continuously in priority order), launches their containers, watches them end, retries the
 * outcomes it is told to, stops containers past their time limit, keeps the logs that matter,
 * removes each container once it ended, and journals every step so that a crashed run resumes. This
 * class is the loop and the interrupt handling; {@link RunSteps} does each step.
 */
public final class RunOrchestrator {

  private static final Duration SLICE = Duration.ofMillis(100);

  /** How often progress is published (a terminal's status line redraws the elapsed time). */
  private static final Duration PROGRESS_TICK = Duration.ofSeconds(1);

  private final Backend backend;
  private final WaveListener listener;
  private final TierTable tiers;
  private final Cancellation cancellation;
  private final InstantSource clock;

  public RunOrchestrator(
      Backend backend, WaveListener listener, TierTable tiers, Cancellation cancellation) {
    this(backend, listener, tiers, cancellation, new MonotonicClock());
  }

  /** With the clock that time limits, backoffs and timestamps are read from. */
  public RunOrchestrator(
      Backend backend,
      WaveListener listener,
      TierTable tiers,
      Cancellation cancellation,
      InstantSource clock) {
    this.backend = backend;
    this.listener = listener;
    this.tiers = tiers;
    this.cancellation = cancellation;
    this.clock = clock;
  }

  /**
   * Runs the plan's selected waves; when the run folder holds a journal from an earlier process,
   * resumes that run.
   */
  public RunOutcome run(WavePlan plan, RunSettings settings) {
    return run(plan, settings, PreparedImages.asWritten());
  }

  /**
   * Runs the plan's selected waves with these images (checked, and pulled here ahead of the batches
   * that need them: a batch waits for its own image only); when the run folder holds a journal from
   * an earlier process, resumes that run.
   */
  public RunOutcome run(WavePlan plan, RunSettings settings, PreparedImages images) {
    List<JournalEntry> earlier = RunFolder.journal(settings.runDirectory());
    EarlierProcesses history = EarlierProcesses.of(earlier);
    Instant startedAt = history.startedAt().orElse(clock.instant());
    List<Wave> waves =
        plan.waves().stream().filter(w -> settings.includesWave(w.waveNumber())).toList();
    List<BatchRun> batches = BatchRun.of(waves);
    MemoryBudget budget =
        new MemoryBudget(settings.memoryBudget(), settings.engineBudget(), settings.nodes());
    Pools pools = new Pools(settings.pools().limitsFor(plan.pools()));
    Map<String, String> filter = new LinkedHashMap<>(CfnLabels.managed());
    filter.put(CfnLabels.RUN_ID, settings.spawn().runId());
    RunRecovery.requireSameBackend(earlier, settings.runDirectory(), backend.name());
    boolean timedOut;
    boolean spent;
    AttemptRunner runner = new AttemptRunner(backend, listener, settings);
    RunReports reports =
        new RunReports(plan, settings, batches, budget, pools, history, startedAt, clock, listener);
    try (Journal journal =
            Journal.open(settings.runDirectory().resolve(RunFolder.JOURNAL), backend.name());
        ExitWatcher exits = new ExitWatcher(backend, listener, filter, settings.pollInterval());
        SharedBudget shared =
            new SharedBudget(
                backend,
                filter,
                budget,
                pools,
                AdmissionLock.hostWide(listener),
                settings.pollInterval(),
                listener);
        runner) {
      Estimates estimates =
          Estimates.learned(
              settings.historyDirectory(),
              settings.runDirectory(),
              plan.taskId(),
              batches,
              listener);
      RunEta eta =
          new RunEta(estimates.byBatchId(), budget.budget(), settings.schedule() == Schedule.WAVES);
      RunSteps.Tools tools =
          new RunSteps.Tools(
              journal,
              exits,
              runner,
              budget,
              shared,
              pools,
              AdmissionPolicy.of(
                  settings.schedule(), settings.keepGoing(), waves, batches, estimates, listener),
              images,
              RetryPolicy.of(settings, tiers),
              new TimeLimits(
                  settings.waveTimeout(), settings.batchTimeout(), settings.pendingTimeout()),
              cancellation,
              listener,
              clock,
              new NetworkCapacity(
                  backend,
                  Networks.names(settings.spawn().network(), settings.networksPerRun()),
                  listener));
      images.start(settings.runDirectory());
      RunSteps steps = new RunSteps(plan.taskId(), settings, batches, plan.groups(), tools);
      if (earlier.isEmpty()) {
        journal.append(
            JournalEntry.runStarted(clock.instant(), settings.memoryBudget().dockerForm()));
      } else {
        RunRecovery recovery = new RunRecovery(backend, listener, settings, tiers);
        int reattached =
            recovery.resume(earlier, batches, journal, budget, exits, runner, clock.instant());
        steps.recovered();
        recovery.report(batches, reattached);
      }
      new Loop(steps, tools, settings, waves, batches, startedAt, eta).run();
      timedOut = steps.timedOut();
      spent = steps.spendBudgetSpent();
      journal.append(JournalEntry.of(JournalEntry.RUN_FINISHED, clock.instant()));
    } catch (ToolFailureException e) {
      // What the run knows is written as far as it can be; the run stays resumable.
      waves.forEach(wave -> reports.writeWaveResults(wave.waveNumber()));
      reports.stoppedByToolFailure();
      throw e;
    }
    runner.removeStrays(filter, settings.logPolicy() == LogPolicy.ALL);
    waves.forEach(wave -> reports.writeWaveResults(wave.waveNumber()));
    return reports.outcome(cancellation.requested(), timedOut, spent);
  }

  /** The loop: one step at a time until every batch is done or the run is interrupted. */
  private final class Loop {

    private final RunSteps steps;
    private final RunSteps.Tools tools;
    private final RunSettings settings;
    private final List<Wave> waves;
    private final List<BatchRun> batches;
    private final Instant startedAt;
    private final RunEta eta;
    private final WaveMarks marks;

    Loop(
        RunSteps steps,
        RunSteps.Tools tools,
        RunSettings settings,
        List<Wave> waves,
        List<BatchRun> batches,
        Instant startedAt,
        RunEta eta) {
      this.steps = steps;
      this.tools = tools;
      this.settings = settings;
      this.waves = waves;
      this.batches = batches;
      this.startedAt = startedAt;
      this.eta = eta;
      this.marks = new WaveMarks(waves, batches, settings.spend());
    }

    void run() {
      Instant nextProgress = clock.instant();
      while (true) {
        if (cancellation.requested()) {
          interrupt();
          return;
        }
        steps.collectLaunches();
        steps.notePlacements();
        steps.enforceTimeLimits();
        steps.enforceOutputLimits();
        tools.admission().advance();
        if (steps.allDone()) {
          marks.update(listener);
          reportProgress();
          return;
        }
        steps.admit();
        if (marks.update(listener) || !clock.instant().isBefore(nextProgress)) {
          reportProgress();
          nextProgress = clock.instant().plus(PROGRESS_TICK);
        }
        awaitEnd();
      }
    }

    /** SIGINT or SIGTERM: stop everything, keep the logs, leave the run resumable. */
    private void interrupt() {
      listener.warn("interrupted: stopping the run's containers and keeping their logs");
      Instant deadline = clock.instant().plus(settings.stopGrace()).plusSeconds(30);
      while (tools.runner().inFlight() > 0 && clock.instant().isBefore(deadline)) {
        steps.collectLaunches();
        sleepQuietly();
      }
      steps.stopAll(StopReason.INTERRUPTED);
      while (steps.runningCount() > 0 && clock.instant().isBefore(deadline)) {
        awaitEnd();
      }
    }

    private void awaitEnd() {
      try {
        EndNotice end = tools.exits().next(SLICE);
        if (end != null) {
          steps.ended(end);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancellation.request(2);
      }
    }

    private void sleepQuietly() {
      try {
        Thread.sleep(SLICE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void reportProgress() {
      NetworkUse.report(tools.networks(), listener);
      WaveEvent.RunProgress progress =
          ProgressCount.of(
              batches,
              waves,
              steps.runningCount(),
              tools.budget(),
              tools.pools(),
              Duration.between(startedAt, clock.instant()),
              eta,
              clock.instant());
      listener.on(progress.withSpend(SpendBudget.progress(settings.spend(), batches)));
    }
  }
}
