package dev.cfnwave.run;

import dev.cfnwave.attempt.BatchContainers;
import dev.cfnwave.attempt.EndNotice;
import dev.cfnwave.attempt.ExitWatcher;
import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.admission.AdmissionPolicy;
import dev.cfnwave.run.admission.Backfill;
import dev.cfnwave.run.admission.MemoryBudget;
import dev.cfnwave.run.admission.SharedBudget;
import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.AttemptEnd;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.Journal;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.StopReason;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of the run loop, each taking batches through their transitions and journaling what each
 * implies: admit and launch, take launch outcomes, note placements, take container ends, retry or
 * settle, enforce time limits, stop. Confined to the run's thread.
 */
public final class RunSteps {

  /** What the steps work with besides the batches. */
  record Tools(
      Journal journal,
      ExitWatcher exits,
      AttemptRunner runner,
      MemoryBudget budget,
      SharedBudget shared,
      AdmissionPolicy admission,
      RetryPolicy retries,
      TimeLimits limits,
      Cancellation cancellation,
      WaveListener listener,
      InstantSource clock) {}

  private final String taskId;
  private final RunSettings settings;
  private final List<BatchRun> batches;
  private final Tools t;
  private final Map<String, String> extraLabels;
  private final Map<String, BatchRun> running = new HashMap<>();
  private final Backfill backfill;
  private boolean timedOut;

  RunSteps(String taskId, RunSettings settings, List<BatchRun> batches, Tools tools) {
    this.taskId = taskId;
    this.settings = settings;
    this.batches = batches;
    this.t = tools;
    this.extraLabels =
        Map.of(CfnLabels.RUN_DIR, settings.runDirectory().toAbsolutePath().toString());
    this.backfill = new Backfill(settings.backfillLimit(), tools.listener());
  }

  int runningCount() {
    return running.size();
  }

  /** A wave or attempt ran past its time limit. */
  boolean timedOut() {
    return timedOut;
  }

  boolean allDone() {
    return batches.stream().allMatch(BatchRun::isDone)
        && t.runner().inFlight() == 0
        && running.isEmpty();
  }

  /** After a resume: index re-attached containers, finish stops, retry or settle ended ones. */
  void recovered() {
    for (BatchRun b : batches) {
      if (b.state() == BatchRun.State.RUNNING) {
        running.put(b.current().handle, b);
        t.runner().sampleMemory(b.current().handle);
      }
    }
    for (BatchRun b : List.copyOf(running.values())) {
      if (b.current().stopReason != null) {
        stop(b, b.current().stopReason);
      }
    }
    for (BatchRun b : batches) {
      if (b.state() == BatchRun.State.ENDED) {
        retryOrSettle(b);
      }
    }
  }

  /**
   * Launches the candidates whose memory fits the run's budget, one node and, with what others
   * hold, the engine's, in order but for backfilling ({@link Backfill}). Only in the host's
   * admission turn, and only taken when something fits the run's own budget.
   */
  void admit() {
    Instant now = t.clock().instant();
    t.shared().refreshIfDue(now);
    List<BatchRun> eligible =
        t.admission().candidates().stream().filter(b -> b.isEligible(now)).toList();
    if (!backfill.mayLaunchAny(
            eligible, now, b -> t.budget().fitsOwnBudget(b.nextShape().memoryLimit()))
        || !t.shared().beginAdmission(now)) {
      return;
    }
    boolean launched = backfill.pass(eligible, now, b -> tryLaunch(b, now));
    t.shared().endAdmission(launched, t.runner().inFlight(), now);
  }

  private boolean tryLaunch(BatchRun b, Instant now) {
    int number = b.attempts().size() + 1;
    Batch shape = b.nextShape();
    String name =
        BatchContainers.containerName(
            b.waveNumber, shape.batchId(), settings.spawn().runId(), number);
    if (!t.budget().tryReserve(name, shape.memoryLimit())) {
      return false;
    }
    launch(b, number, shape, name, now);
    return true;
  }

  private void launch(BatchRun b, int number, Batch shape, String name, Instant now) {
    t.journal().append(b.starting(new Attempt(number, shape, name), now));
    t.limits().launching(b.waveNumber, now);
    AttemptSpec spec =
        BatchContainers.specFor(taskId, b.waveNumber, shape, settings.spawn(), number, extraLabels);
    t.runner().launch(b, spec);
  }

  /** Takes the outcomes of finished launches: watch the started, retry or settle the failed. */
  void collectLaunches() {
    t.runner().requireNoToolFailure();
    AttemptRunner.Launched result;
    while ((result = t.runner().poll()) != null) {
      BatchRun b = result.batch();
      Attempt attempt = b.current();
      Instant now = t.clock().instant();
      if (result.handle() == null) {
        t.budget().release(attempt.name);
        t.shared().memoryFreed();
        t.listener().on(new WaveEvent.SpawnFailed(b.batch.batchId(), attempt.name, result.error()));
        AttemptEnd how =
            result.rejected()
                ? AttemptEnd.rejected(result.error())
                : AttemptEnd.spawnFailed(result.error());
        t.journal().append(b.ended(how, now));
        retryOrSettle(b);
        continue;
      }
      running.put(result.handle(), b);
      t.exits().watch(result.handle(), true);
      t.runner().sampleMemory(result.handle());
      Instant startedAt = t.runner().startsOnLaunch() ? now : null;
      t.journal().append(b.started(result.handle(), startedAt, now));
      t.listener()
          .on(new WaveEvent.ContainerSpawned(b.batch.batchId(), attempt.name, attempt.handle));
    }
    if (t.runner().inFlight() == 0) {
      t.shared().launchesDone();
    }
  }

  /** A watched container ended: free its memory, record how, dispose of it, go on. */
  void ended(EndNotice end) {
    BatchRun b = running.remove(end.handle());
    if (b == null) {
      return;
    }
    Attempt attempt = b.current();
    t.budget().release(attempt.name);
    t.shared().memoryFreed();
    AttemptEnd how =
        AttemptEnd.exited(attempt, end.status())
            .withPeakMemory(t.runner().peakMemory(end.handle()));
    t.journal().append(b.ended(how, t.clock().instant()));
    t.listener()
        .on(
            new WaveEvent.ContainerFinished(
                b.batch.batchId(),
                attempt.name,
                attempt.interrupted
                    ? StopReason.INTERRUPTED.wireName()
                    : attempt.exitStatus.wireName(),
                attempt.exitCode));
    if (end.status() != null) {
      boolean keepLog =
          attempt.exitStatus != ExitStatus.REJECTED
              && (attempt.interrupted
                  || settings.logPolicy().keepsLogOf(attempt.exitStatus == ExitStatus.SUCCESS));
      t.runner().dispose(attempt.handle, attempt.name, keepLog);
    }
    if (attempt.interrupted) {
      b.requeue();
    } else {
      retryOrSettle(b);
    }
  }

  private void retryOrSettle(BatchRun b) {
    Attempt last = b.current();
    RetryPolicy.Decision decision =
        t.cancellation().requested()
            ? new RetryPolicy.Settle()
            : t.retries().decide(last.exitStatus, b.countedAttempts(), last.batch);
    if (decision instanceof RetryPolicy.Retry retry) {
      if (retry.noLargerTier()) {
        t.listener().warn("batch " + last.batch.batchId() + " has no larger tier to escalate to");
      }
      b.retry(retry.shape(), t.clock().instant().plus(retry.delay()));
      t.listener()
          .on(
              new WaveEvent.RetryScheduled(
                  b.batch.batchId(),
                  b.attempts().size() + 1,
                  retry.delay().toMillis(),
                  retry.shape().memoryLimit().dockerForm()));
      return;
    }
    t.journal().append(b.settle(t.clock().instant()));
    t.listener()
        .on(
            new WaveEvent.BatchSettled(
                b.batch.batchId(), b.finalStatus().wireName(), b.attempts().size()));
    t.admission().settled(b);
  }

  /**
   * Notes, from the watcher's latest listing, when launched attempts that were not running yet
   * start (their time limit counts from then), and why those still pending wait (said once per
   * reason).
   */
  void notePlacements() {
    for (BatchRun b : running.values()) {
      Attempt attempt = b.current();
      AttemptStatus listed = t.exits().lastListed(attempt.handle);
      if (attempt.startedAt != null || attempt.stopReason != null || listed == null) {
        continue;
      }
      if (listed.phase() == AttemptPhase.PENDING) {
        JournalEntry line = b.pending(listed.error(), t.clock().instant());
        if (line != null) {
          t.journal().append(line);
          t.listener()
              .on(new WaveEvent.AttemptPending(b.batch.batchId(), attempt.name, line.error()));
        }
      } else if (listed.phase() == AttemptPhase.RUNNING) {
        b.startedRunning(listed.startedAt() != null ? listed.startedAt() : t.clock().instant());
      }
    }
  }

  /**
   * Stops running attempts past their limit, and attempts not started within the pending limit; a
   * wave past its limit starts no more batches (those between attempts settle with their last
   * outcome).
   */
  void enforceTimeLimits() {
    Instant now = t.clock().instant();
    for (BatchRun b : List.copyOf(running.values())) {
      Attempt attempt = b.current();
      if (attempt.stopReason != null) {
        continue;
      }
      if (t.limits().isOver(b.waveNumber, attempt, now)) {
        timedOut = true;
        t.listener().warn(attempt.name + " is past its time limit: stopping it");
        stop(b, StopReason.TIMEOUT);
      } else if (t.limits().pendingTooLong(attempt, now)) {
        t.listener()
            .warn(
                attempt.name
                    + " was not started within --pending-timeout ("
                    + t.limits().pendingTimeout().toSeconds()
                    + " s): stopping it"
                    + (attempt.pendingReason == null ? "" : "; " + attempt.pendingReason));
        stop(b, StopReason.PENDING_TIMEOUT);
      }
    }
    for (BatchRun b : batches) {
      if (b.state() == BatchRun.State.PENDING && t.limits().waveOver(b.waveNumber, now)) {
        timedOut = true;
        if (b.attempts().isEmpty()) {
          b.skip();
        } else {
          t.journal().append(b.settle(now));
        }
      }
    }
  }

  /** Stops every running attempt, for this reason. */
  void stopAll(StopReason reason) {
    List.copyOf(running.values()).forEach(b -> stop(b, reason));
  }

  /** Journals why, then stops the container in the background. */
  private void stop(BatchRun b, StopReason reason) {
    t.journal().append(b.stopping(reason, t.clock().instant()));
    t.runner().stop(b.current(), t.exits()::reconcileSoon);
  }
}
