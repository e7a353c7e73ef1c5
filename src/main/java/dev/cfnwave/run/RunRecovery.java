package dev.cfnwave.run;

import dev.cfnwave.InputException;
import dev.cfnwave.attempt.ExitWatcher;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.admission.MemoryBudget;
import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.AttemptEnd;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.Journal;
import dev.cfnwave.run.journal.JournalEntry;
import dev.cfnwave.run.journal.StopReason;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rebuilds a run's state from its journal and the backend after its orchestrator died: the journal
 * is replayed through the same {@link BatchRun} transitions the live run made, then settled batches
 * stay settled, attempts still running are watched again, attempts that ended meanwhile are
 * collected, and attempts whose launch never completed are launched again. Batches whose last
 * attempt ended are left ENDED for the run to retry or settle.
 */
final class RunRecovery {

  /** Disposes of an ended attempt, saving its log first when asked. */
  interface Disposer {
    void dispose(String handle, String name, boolean keepLog);
  }

  private final Backend backend;
  private final WaveListener listener;
  private final RunSettings settings;
  private final TierTable tiers;

  RunRecovery(Backend backend, WaveListener listener, RunSettings settings, TierTable tiers) {
    this.backend = backend;
    this.listener = listener;
    this.settings = settings;
    this.tiers = tiers;
  }

  /** Replays the journal onto the batches (entries of batches not in this run are ignored). */
  void replay(List<JournalEntry> journal, List<BatchRun> batches) {
    Map<String, BatchRun> byId = new HashMap<>();
    batches.forEach(b -> byId.put(b.batch.batchId(), b));
    for (JournalEntry entry : journal) {
      BatchRun b = entry.batchId() == null ? null : byId.get(entry.batchId());
      if (b != null) {
        replay(b, entry);
      }
    }
  }

  /**
   * Replays, then reconciles with the backend: re-attaches running attempts (reserving their memory
   * and watching them), disposes of ended ones, requeues interrupted attempts.
   *
   * @return how many attempts were re-attached
   */
  int resume(
      List<JournalEntry> earlier,
      List<BatchRun> batches,
      Journal journal,
      MemoryBudget budget,
      ExitWatcher exits,
      Disposer disposer,
      Instant now) {
    replay(earlier, batches);
    Map<String, AttemptStatus> launched =
        backend.recover(
            Map.of(CfnLabels.MANAGED, "true", CfnLabels.RUN_ID, settings.spawn().runId()));
    int reattached = 0;
    for (BatchRun b : batches) {
      Attempt last = b.current();
      switch (b.state()) {
        case SETTLED -> disposeLeftover(launched, last, disposer);
        case ENDED -> {
          disposeLeftover(launched, last, disposer);
          if (last.interrupted) {
            b.requeue();
          }
        }
        case LAUNCHING, RUNNING -> {
          AttemptStatus attempt = launched.get(last.name);
          if (attempt == null) {
            // Its launch never completed: launch the same attempt again (the backend completes
            // a launch of this run and batch that was cut short, it does not double it).
            b.forgetLaunch();
            continue;
          }
          if (b.state() == BatchRun.State.LAUNCHING) {
            journal.append(b.started(attempt.handle(), null, now));
          }
          budget.forceReserve(last.name, last.batch.memoryLimit());
          exits.watch(attempt.handle(), true);
          reattached++;
        }
        default -> {}
      }
    }
    exits.reconcileSoon();
    return reattached;
  }

  /** Says what the resume found, once ended attempts have been retried or settled. */
  void report(List<BatchRun> batches, int reattached) {
    long settled = batches.stream().filter(b -> b.state() == BatchRun.State.SETTLED).count();
    long skipped =
        batches.stream()
            .filter(
                b -> b.state() == BatchRun.State.SKIPPED || b.state() == BatchRun.State.CANCELLED)
            .count();
    listener.info(
        "resuming run "
            + settings.spawn().runId()
            + ": "
            + settled
            + " batches settled, "
            + (skipped == 0 ? "" : skipped + " skipped or cancelled, ")
            + reattached
            + " containers re-attached, "
            + (batches.size() - settled - skipped - reattached)
            + " to start");
  }

  private void replay(BatchRun b, JournalEntry entry) {
    Instant at = Instant.parse(entry.at());
    switch (entry.type()) {
      case JournalEntry.ATTEMPT_STARTING -> {
        Attempt last = b.current();
        if (b.state() == BatchRun.State.ENDED) {
          if (last.interrupted) {
            b.requeue();
          } else {
            b.retry(last.batch, Instant.MIN);
          }
        } else if ((b.state() == BatchRun.State.LAUNCHING || b.state() == BatchRun.State.RUNNING)
            && last.number == entry.attempt()) {
          // A resume launched this attempt again: its first container was never created.
          b.forgetLaunch();
        }
        b.starting(
            new Attempt(
                entry.attempt(),
                shapeOf(b.batch, entry),
                entry.name(),
                entry.image(),
                entry.imageDigest()),
            at);
      }
      case JournalEntry.ATTEMPT_STARTED ->
          b.started(entry.handle(), instant(entry.startedAt()), at);
      case JournalEntry.ATTEMPT_PENDING -> {
        if (b.state() == BatchRun.State.RUNNING && b.current().startedAt == null) {
          b.pending(entry.error(), at);
        }
      }
      case JournalEntry.ATTEMPT_STOPPING -> {
        if (b.state() == BatchRun.State.LAUNCHING) {
          // Journals before this version did not record re-attaching a started container.
          b.started(entry.handle(), null, at);
        }
        StopReason reason = StopReason.fromWire(entry.error());
        if (reason != null) {
          b.stopping(reason, at);
        }
      }
      case JournalEntry.ATTEMPT_ENDED ->
          b.ended(
              new AttemptEnd(
                  entry.handle(),
                  entry.exitCode(),
                  status(entry.exitStatus()),
                  entry.error(),
                  instant(entry.startedAt()),
                  instant(entry.completedAt()),
                  entry.node(),
                  entry.peakMemoryBytes(),
                  entry.output(),
                  entry.rule()),
              at);
      case JournalEntry.ATTEMPT_REQUEUED -> b.requeued(entry.error(), at, at);
      case JournalEntry.BATCH_SETTLED -> b.settle(at, entry.error());
      case JournalEntry.BATCH_CANCELLED -> {
        if (b.state() == BatchRun.State.PENDING || b.state() == BatchRun.State.ENDED) {
          b.cancel(entry.error(), at);
        }
      }
      case JournalEntry.BATCH_SKIPPED -> {
        // A skip for the spend budget is not replayed: the resumed run's budget decides again.
        if (b.state() == BatchRun.State.PENDING
            && b.attempts().isEmpty()
            && !SpendBudget.isSpendSkip(entry.error())) {
          b.skipForDependency(entry.error(), at);
        }
      }
      default -> {}
    }
  }

  private Batch shapeOf(Batch batch, JournalEntry entry) {
    MemorySize limit =
        entry.memoryLimit() == null ? batch.memoryLimit() : MemorySize.parse(entry.memoryLimit());
    Integer tier = entry.tier();
    if (tier != null && tiers.limitOf(tier).isEmpty()) {
      tier = batch.tier();
    }
    return batch.withMemory(tier, limit);
  }

  private void disposeLeftover(
      Map<String, AttemptStatus> launched, Attempt attempt, Disposer disposer) {
    if (attempt == null) {
      return;
    }
    AttemptStatus leftover = launched.get(attempt.name);
    if (leftover != null && leftover.hasEnded()) {
      boolean keepLog = settings.logPolicy().keepsLogOf(attempt.exitStatus == ExitStatus.SUCCESS);
      disposer.dispose(leftover.handle(), leftover.name(), keepLog);
    }
  }

  private static ExitStatus status(String wire) {
    return wire == null ? null : ExitStatus.valueOf(wire.toUpperCase(Locale.ROOT));
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  /**
   * A run resumes on the backend that launched its attempts: their handles mean nothing elsewhere.
   */
  static void requireSameBackend(List<JournalEntry> earlier, Path runDirectory, String backend) {
    for (JournalEntry entry : earlier) {
      if (entry.handle() != null && !entry.backendOrDefault().equals(backend)) {
        throw new InputException(
            "--resume " + runDirectory,
            "the run's attempts were launched on the "
                + entry.backendOrDefault()
                + " backend, not on "
                + backend);
      }
    }
  }
}
