package dev.cfnwave.run;

import dev.cfnwave.attempt.EndNotice;
import dev.cfnwave.attempt.ExitWatcher;
import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.image.PreparedImages;
import dev.cfnwave.plan.BatchGroup;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.admission.AdmissionPolicy;
import dev.cfnwave.run.admission.Dependencies;
import dev.cfnwave.run.admission.MemoryBudget;
import dev.cfnwave.run.admission.NetworkCapacity;
import dev.cfnwave.run.admission.Pools;
import dev.cfnwave.run.admission.SharedBudget;
import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.AttemptEnd;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.Journal;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.StopReason;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
      Pools pools,
      AdmissionPolicy admission,
      PreparedImages images,
      RetryPolicy retries,
      TimeLimits limits,
      Cancellation cancellation,
      WaveListener listener,
      InstantSource clock,
      NetworkCapacity networks) {}

  /** How long an attempt whose network was full waits before it is offered a start again. */
  static final Duration NETWORK_FULL_BACKOFF = Duration.ofSeconds(2);

  private final String taskId;
  private final RunSettings settings;
  private final List<BatchRun> batches;
  private final Journal journal;
  private final ExitWatcher exits;
  private final AttemptRunner runner;
  private final MemoryBudget budget;
  private final SharedBudget shared;
  private final Pools pools;
  private final AdmissionPolicy admission;
  private final RetryPolicy retries;
  private final TimeLimits limits;
  private final Cancellation cancellation;
  private final WaveListener listener;
  private final InstantSource clock;
  private final NetworkCapacity networks;
  private final Admitting admitting;
  private final Dependencies dependencies;
  private final NetworkFullLimit networkFullLimit = new NetworkFullLimit();
  private final Map<String, BatchRun> running = new HashMap<>();
  private final RateLimitSteps rateLimits;
  private final OutputChecks outputChecks;
  private final CancelSteps cancels;
  private final SpendBudget spend;
  private final FailFastLogs failureRules;
  private boolean timedOut;

  RunSteps(
      String taskId,
      RunSettings settings,
      List<BatchRun> batches,
      List<BatchGroup> groups,
      Tools tools) {
    this.taskId = taskId;
    this.settings = settings;
    this.batches = batches;
    this.journal = tools.journal();
    this.exits = tools.exits();
    this.runner = tools.runner();
    this.budget = tools.budget();
    this.shared = tools.shared();
    this.pools = tools.pools();
    this.admission = tools.admission();
    this.retries = tools.retries();
    this.limits = tools.limits();
    this.cancellation = tools.cancellation();
    this.listener = tools.listener();
    this.clock = tools.clock();
    this.networks = tools.networks();
    this.admitting = new Admitting(taskId, settings, tools);
    this.dependencies = Dependencies.of(batches);
    this.rateLimits =
        new RateLimitSteps(settings.pools(), pools, journal, admission, tools.listener());
    this.outputChecks =
        new OutputChecks(
            tools.runner().outputs(), settings.outputs(), settings.pollInterval(), listener);
    this.cancels =
        new CancelSteps(groups, settings.halt(), batches, journal, admission, listener, clock);
    this.spend = new SpendBudget(settings.spend(), batches, journal, listener);
    this.failureRules =
        new FailFastLogs(settings.failureRules(), tools.runner().logKeeper(), listener);
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
        && runner.inFlight() == 0
        && running.isEmpty();
  }

  /** After a resume: index re-attached containers, finish stops, retry or settle ended ones. */
  void recovered() {
    for (BatchRun b : batches) {
      if (b.state() == BatchRun.State.RUNNING) {
        running.put(b.current().handle, b);
        pools.take(b.current().name, b.current().batch.uses());
        runner.sampleMemory(b.current().handle);
      }
    }
    for (BatchRun b : List.copyOf(running.values())) {
      if (b.current().stopReason != null) {
        stop(b, b.current().stopReason);
      }
    }
    rateLimits.replay(batches);
    for (BatchRun b : batches) {
      if (b.state() == BatchRun.State.ENDED) {
        afterEnd(b, true);
      }
    }
    // A crash may have come between a dependency's failure and its dependents' skipping.
    skipBlocked();
    cancelDue();
  }

  /**
   * Cancels what its group or the run no longer needs, then launches the candidates that fit
   * ({@link Admitting}), unless the spend budget is reached.
   */
  void admit() {
    cancelDue();
    if (!spend.holdsAdmission(clock.instant())) {
      admitting.admit();
    }
  }

  /** The spend budget kept attempts from starting: the run ends budget_spent. */
  boolean spendBudgetSpent() {
    return spend.spent();
  }

  /**
   * Stops or cancels the batches whose group, or the run, had its successes ({@link CancelSteps}).
   */
  private void cancelDue() {
    cancels.cancelDue(b -> stop(b, StopReason.CANCELLED));
    skipBlocked();
  }

  /** Takes the outcomes of finished launches: watch the started, retry or settle the failed. */
  void collectLaunches() {
    runner.requireNoToolFailure();
    AttemptRunner.Launched result;
    while ((result = runner.poll()) != null) {
      BatchRun b = result.batch();
      Attempt attempt = b.current();
      Instant now = clock.instant();
      networks.launched(attempt.name);
      if (result.networkFull()) {
        Optional<String> gaveUp = networkFullLimit.giveUp(b, result.error(), now);
        if (gaveUp.isEmpty()) {
          requeue(b, result.error(), now);
          continue;
        }
        result = new AttemptRunner.Launched(b, null, gaveUp.get(), false);
      }
      if (result.handle() == null) {
        budget.release(attempt.name);
        pools.release(attempt.name);
        shared.memoryFreed();
        listener.on(new WaveEvent.SpawnFailed(b.batch.batchId(), attempt.name, result.error()));
        AttemptEnd how =
            result.rejected()
                ? AttemptEnd.rejected(result.error())
                : AttemptEnd.spawnFailed(result.error());
        journal.append(b.ended(how, now));
        retryOrSettle(b);
        continue;
      }
      running.put(result.handle(), b);
      exits.watch(result.handle(), true);
      runner.sampleMemory(result.handle());
      Instant startedAt = runner.startsOnLaunch() ? now : null;
      journal.append(b.started(result.handle(), startedAt, now));
      listener.on(new WaveEvent.ContainerSpawned(b.batch.batchId(), attempt.name, attempt.handle));
    }
    if (runner.inFlight() == 0) {
      shared.launchesDone();
    }
  }

  /**
   * The attempt's network was full when it started (something outside the run took the last
   * endpoint): it left nothing behind, so the batch goes back in the queue, neither failed nor
   * retried.
   */
  private void requeue(BatchRun b, String error, Instant now) {
    Attempt attempt = b.current();
    budget.release(attempt.name);
    pools.release(attempt.name);
    shared.memoryFreed();
    journal.append(b.requeued(error, now.plus(NETWORK_FULL_BACKOFF), now));
    listener.info(
        attempt.name
            + ": its network was full at start ("
            + error
            + "); back in the queue in "
            + NETWORK_FULL_BACKOFF.toSeconds()
            + " s");
  }

  /** A watched container ended: free its memory, record how, dispose of it, go on. */
  void ended(EndNotice end) {
    BatchRun b = running.remove(end.handle());
    if (b == null) {
      return;
    }
    Attempt attempt = b.current();
    budget.release(attempt.name);
    pools.release(attempt.name);
    shared.memoryFreed();
    AttemptEnd how =
        AttemptEnd.exited(attempt, end.status()).withPeakMemory(runner.peakMemory(end.handle()));
    if (how.exitStatus() == ExitStatus.FAILED
        && !attempt.timedOut
        && settings.pools().isRateLimit(how.exitCode())) {
      how = how.withStatus(ExitStatus.RATE_LIMITED);
    }
    how = outputChecks.decide(attempt, how);
    FailFastLogs.Judged judged =
        failureRules.judge(
            attempt, how, end.status() != null, keepsLog(how.exitStatus(), attempt.interrupted));
    journal.append(b.ended(judged.end(), clock.instant()));
    listener.on(
        new WaveEvent.ContainerFinished(
            b.batch.batchId(),
            attempt.name,
            attempt.interrupted ? StopReason.INTERRUPTED.wireName() : attempt.exitStatus.wireName(),
            attempt.exitCode));
    if (end.status() != null) {
      boolean keepLog = keepsLog(attempt.exitStatus, attempt.interrupted);
      runner.dispose(attempt.handle, attempt.name, keepLog && !judged.logSaved());
    }
    if (attempt.interrupted) {
      b.requeue();
    } else {
      afterEnd(b);
    }
  }

  private boolean keepsLog(ExitStatus outcome, boolean interrupted) {
    return outcome != ExitStatus.REJECTED
        && (interrupted || settings.logPolicy().keepsLogOf(outcome == ExitStatus.SUCCESS));
  }

  /**
   * A rate-limited end goes back to the queue ({@link RateLimitSteps}); any other retries or
   * settles.
   */
  private void afterEnd(BatchRun b) {
    afterEnd(b, false);
  }

  /** poolsReplayed: after a resume, the end's bearing on the pools was replayed already. */
  private void afterEnd(BatchRun b, boolean poolsReplayed) {
    if (cancels.cancelEnded(b)) {
      skipBlocked();
      return;
    }
    Instant now = clock.instant();
    boolean cancelling = cancellation.requested();
    boolean backedOff =
        poolsReplayed
            ? rateLimits.backOffReplayed(b, now, cancelling)
            : rateLimits.backOff(b, now, cancelling);
    if (!backedOff) {
      retryOrSettle(b);
    }
  }

  /** Stops running attempts whose output folder grew past --output-limit. */
  void enforceOutputLimits() {
    outputChecks
        .overLimit(List.copyOf(running.values()), clock.instant())
        .forEach(b -> stop(b, StopReason.OUTPUT_LIMIT));
  }

  private void retryOrSettle(BatchRun b) {
    Attempt last = b.current();
    RetryPolicy.Decision decision =
        cancellation.requested() || cancels.noMoreAttempts(b)
            ? new RetryPolicy.Settle()
            : retries.decide(last.exitStatus, last.rule, b.countedAttempts(), last.batch);
    if (decision instanceof RetryPolicy.Retry retry) {
      if (retry.noLargerTier()) {
        listener.warn("batch " + last.batch.batchId() + " has no larger tier to escalate to");
      }
      b.retry(retry.shape(), clock.instant().plus(retry.delay()));
      listener.on(
          new WaveEvent.RetryScheduled(
              b.batch.batchId(),
              b.attempts().size() + 1,
              retry.delay().toMillis(),
              retry.shape().memoryLimit().dockerForm()));
      return;
    }
    String reason = decision instanceof RetryPolicy.Settle settle ? settle.reason() : null;
    if (reason != null) {
      listener.info("batch " + last.batch.batchId() + " is not retried: " + reason);
    }
    journal.append(b.settle(clock.instant(), reason));
    listener.on(
        new WaveEvent.BatchSettled(
            b.batch.batchId(), b.finalStatus().wireName(), b.attempts().size()));
    if (b.finalStatus() != ExitStatus.SUCCESS) {
      // Before the policy hears of the failure: its dependents are skipped for it, not stopped.
      skipBlocked();
    }
    admission.settled(b);
    if (b.finalStatus() == ExitStatus.SUCCESS) {
      cancelDue();
    }
  }

  /**
   * Skips, with the reason, the batches that will never start because a batch they depend on ended
   * without success (and their own dependents).
   */
  void skipBlocked() {
    for (JournalEntry line : dependencies.skipBlocked(clock.instant())) {
      journal.append(line);
      boolean cancelled = JournalEntry.BATCH_CANCELLED.equals(line.type());
      listener.info(
          "batch " + line.batchId() + (cancelled ? " cancelled: " : " skipped: ") + line.error());
    }
  }

  /**
   * Notes, from the watcher's latest listing, when launched attempts that were not running yet
   * start (their time limit counts from then), and why those still pending wait (said once per
   * reason).
   */
  void notePlacements() {
    for (BatchRun b : running.values()) {
      Attempt attempt = b.current();
      AttemptStatus listed = exits.lastListed(attempt.handle);
      if (attempt.startedAt != null || attempt.stopReason != null || listed == null) {
        continue;
      }
      if (listed.phase() == AttemptPhase.PENDING) {
        JournalEntry line = b.pending(listed.error(), clock.instant());
        if (line != null) {
          journal.append(line);
          listener.on(new WaveEvent.AttemptPending(b.batch.batchId(), attempt.name, line.error()));
        }
      } else if (listed.phase() == AttemptPhase.RUNNING) {
        b.startedRunning(listed.startedAt() != null ? listed.startedAt() : clock.instant());
      }
    }
  }

  /**
   * Stops running attempts past their limit, and attempts not started within the pending limit; a
   * wave past its limit starts no more batches (those between attempts settle with their last
   * outcome).
   */
  void enforceTimeLimits() {
    Instant now = clock.instant();
    for (BatchRun b : List.copyOf(running.values())) {
      Attempt attempt = b.current();
      if (attempt.stopReason != null) {
        continue;
      }
      if (limits.isOver(b.waveNumber, attempt, now)) {
        timedOut = true;
        listener.warn(attempt.name + " is past its time limit: stopping it");
        stop(b, StopReason.TIMEOUT);
      } else if (limits.pendingTooLong(attempt, now)) {
        listener.warn(
            attempt.name
                + " was not started within --pending-timeout ("
                + limits.pendingTimeout().toSeconds()
                + " s): stopping it"
                + (attempt.pendingReason == null ? "" : "; " + attempt.pendingReason));
        stop(b, StopReason.PENDING_TIMEOUT);
      }
    }
    if (rateLimits.giveUpIfDue(batches, now)) {
      timedOut = true;
    }
    for (BatchRun b : batches) {
      if (b.state() == BatchRun.State.PENDING && limits.waveOver(b.waveNumber, now)) {
        timedOut = true;
        if (b.attempts().isEmpty()) {
          b.skip();
        } else {
          journal.append(b.settle(now));
        }
      }
    }
    skipBlocked();
  }

  /** Stops every running attempt, for this reason. */
  void stopAll(StopReason reason) {
    List.copyOf(running.values()).forEach(b -> stop(b, reason));
  }

  /** Journals why, then stops the container in the background. */
  private void stop(BatchRun b, StopReason reason) {
    journal.append(b.stopping(reason, clock.instant()));
    runner.stop(b.current(), exits::reconcileSoon);
  }
}
