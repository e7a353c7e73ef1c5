package dev.cfnwave.run;

import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.Json;
import dev.cfnwave.report.MonitorResults;
import dev.cfnwave.report.RunReport;
import dev.cfnwave.run.admission.MemoryBudget;
import dev.cfnwave.run.admission.Pools;
import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.EarlierProcesses;
import dev.cfnwave.run.journal.RunStatus;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds a run's documents from its batches: each wave's results and the final report. */
final class RunReports {

  private final WavePlan plan;
  private final RunSettings settings;
  private final List<BatchRun> batches;
  private final MemoryBudget budget;
  private final Pools pools;
  private final EarlierProcesses history;
  private final Instant startedAt;
  private final InstantSource clock;
  private final WaveListener listener;

  RunReports(
      WavePlan plan,
      RunSettings settings,
      List<BatchRun> batches,
      MemoryBudget budget,
      Pools pools,
      EarlierProcesses history,
      Instant startedAt,
      InstantSource clock,
      WaveListener listener) {
    this.plan = plan;
    this.settings = settings;
    this.batches = batches;
    this.budget = budget;
    this.pools = pools;
    this.history = history;
    this.startedAt = startedAt;
    this.clock = clock;
    this.listener = listener;
  }

  /** wave-N-results.json in the monitor format: the final attempt of each batch that ran. */
  void writeWaveResults(int waveNumber) {
    List<MonitorResults.ContainerResult> results = new ArrayList<>();
    for (BatchRun b : batches) {
      Attempt last = b.current();
      if (b.waveNumber != waveNumber
          || last == null
          || last.exitStatus == null
          || last.exitStatus == ExitStatus.CANCELLED) {
        // The monitor format (the spec's) knows no cancelled: report.json has those.
        continue;
      }
      // The monitor format (the spec's) knows no "rejected": an attempt that never ran is a
      // spawn failure there.
      boolean ran = last.handle != null && last.exitStatus != ExitStatus.REJECTED;
      results.add(
          new MonitorResults.ContainerResult(
              last.handle,
              b.batch.batchId(),
              ran ? "exited" : "spawn_failed",
              last.exitCode,
              last.exitStatus == ExitStatus.REJECTED ? ExitStatus.FAILED : last.exitStatus,
              Json.timestamp(last.startedAt),
              Json.timestamp(last.completedAt)));
    }
    MonitorResults.Metrics metrics = MonitorResults.Metrics.of(results);
    write(
        new MonitorResults(
            waveNumber,
            Duration.between(startedAt, clock.instant()).toSeconds(),
            metrics.timeout() > 0 ? MonitorResults.TIMEOUT : MonitorResults.COMPLETE,
            results,
            metrics),
        settings.runDirectory().resolve("wave-" + waveNumber + "-results.json"));
  }

  RunOutcome outcome(boolean interruptedRun, boolean timedOut) {
    return outcome(interruptedRun, timedOut, false);
  }

  /** spent: the spend budget kept attempts from starting (a stop by signal still says so first). */
  RunOutcome outcome(boolean interruptedRun, boolean timedOut, boolean spent) {
    RunStatus stopped =
        interruptedRun ? RunStatus.INTERRUPTED : spent ? RunStatus.BUDGET_SPENT : null;
    return outcome(stopped, timedOut);
  }

  /** report.json of a run the tool could not go on with: its status says so (it is resumable). */
  void stoppedByToolFailure() {
    outcome(RunStatus.TOOL_FAILURE, false);
  }

  /**
   * @param stopped how the run was stopped (interrupted, a tool failure, its spend budget), or null
   *     when it ran to its end: then its batches say how it ended
   */
  private RunOutcome outcome(RunStatus stopped, boolean timedOut) {
    List<RunReport.BatchReport> reports = new ArrayList<>();
    int succeeded = 0;
    int failed = 0;
    int oomKilled = 0;
    int timeouts = 0;
    int notStarted = 0;
    int skipped = 0;
    int cancelled = 0;
    int interrupted = 0;
    int attempts = 0;
    for (BatchRun b : batches) {
      BatchStatus status = finalStatus(b);
      switch (status) {
        case SUCCESS -> succeeded++;
        case FAILED, REJECTED -> failed++;
        case OOM_KILLED -> oomKilled++;
        case TIMEOUT -> timeouts++;
        case INTERRUPTED -> interrupted++;
        case NOT_STARTED -> notStarted++;
        case SKIPPED -> skipped++;
        case CANCELLED -> cancelled++;
      }
      attempts += b.attempts().size();
      reports.add(
          new RunReport.BatchReport(
              b.batch.batchId(),
              b.waveNumber,
              status.wireName(),
              b.reason() != null ? b.reason() : b.settleReason(),
              b.attempts().stream().map(this::attempt).toList()));
    }
    RunStatus runStatus;
    if (stopped != null) {
      runStatus = stopped;
    } else if (timedOut || timeouts > 0) {
      runStatus = RunStatus.TIMEOUT;
    } else if (succeeded + cancelled < batches.size()) {
      runStatus = RunStatus.FAILED;
    } else {
      runStatus = RunStatus.SUCCEEDED;
    }
    Instant finishedAt = clock.instant();
    long peak = Math.max(budget.peak(), history.peakReserved());
    RunReport report =
        new RunReport(
            settings.spawn().runId(),
            plan.taskId(),
            runStatus.wireName(),
            settings.schedule().name().toLowerCase(Locale.ROOT),
            settings.memoryBudget().dockerForm(),
            peak == 0 ? "0" : new MemorySize(peak).dockerForm(),
            budget.othersPeak() == 0 ? "0" : new MemorySize(budget.othersPeak()).dockerForm(),
            Json.timestamp(startedAt),
            Json.timestamp(finishedAt),
            Duration.between(startedAt, finishedAt).toSeconds(),
            new RunReport.Metrics(
                batches.size(),
                succeeded,
                failed,
                oomKilled,
                timeouts,
                notStarted,
                skipped,
                interrupted,
                attempts,
                cancelled),
            reports,
            pools.states().stream()
                .map(
                    p ->
                        new RunReport.PoolReport(
                            p.name(), p.limit(), p.configured(), p.rateLimited()))
                .toList());
    write(report, settings.runDirectory().resolve("report.json"));
    return new RunOutcome(report, runStatus);
  }

  /**
   * Writes a document into the run folder; one that cannot be written (a full disk) is said, and
   * the run's result stands: the report is printed on stdout all the same.
   */
  private void write(Object document, java.nio.file.Path file) {
    try {
      Json.writeFile(document, file);
    } catch (UncheckedIOException e) {
      listener.warn(e.getMessage() + " (the run's result stands)");
    }
  }

  private static BatchStatus finalStatus(BatchRun b) {
    if (b.state() == BatchRun.State.SETTLED) {
      return BatchStatus.of(b.finalStatus());
    }
    if (b.state() == BatchRun.State.SKIPPED) {
      return BatchStatus.SKIPPED;
    }
    if (b.state() == BatchRun.State.CANCELLED) {
      return BatchStatus.CANCELLED;
    }
    return b.attempts().isEmpty() ? BatchStatus.NOT_STARTED : BatchStatus.INTERRUPTED;
  }

  private RunReport.AttemptReport attempt(Attempt a) {
    return new RunReport.AttemptReport(
        a.number,
        a.name,
        a.handle,
        a.batch.tier(),
        a.batch.memoryLimit().dockerForm(),
        a.image,
        a.imageDigest,
        Json.timestamp(a.startedAt),
        Json.timestamp(a.completedAt),
        a.exitCode,
        a.exitStatus == null ? null : a.exitStatus.wireName(),
        a.error,
        a.node,
        a.peakMemoryBytes,
        a.output,
        a.rule);
  }
}
