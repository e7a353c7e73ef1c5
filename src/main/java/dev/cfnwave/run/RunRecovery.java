package dev.cfnwave.run;

import dev.cfnwave.engine.CfnLabels;
import dev.cfnwave.engine.ContainerEngine;
import dev.cfnwave.engine.ContainerState;
import dev.cfnwave.engine.ContainerSummary;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.monitor.ExitWatcher;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.report.ExitStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rebuilds a run's state from its journal and the engine after its orchestrator died: settled
 * batches stay settled, containers still running are watched again, containers that ended meanwhile
 * are collected, and only batches that never started (or whose container was never created) are
 * started. Every batch ends with exactly one final result and none runs twice.
 */
final class RunRecovery {

  /** Removes an ended container, saving its log first when asked. */
  interface Disposer {
    void dispose(String containerId, String containerName, boolean keepLog);
  }

  private final ContainerEngine engine;
  private final WaveListener listener;
  private final List<BatchRun> batches;
  private final MemoryBudget budget;
  private final RunSettings settings;
  private final TierTable tiers;

  RunRecovery(
      ContainerEngine engine,
      WaveListener listener,
      List<BatchRun> batches,
      MemoryBudget budget,
      RunSettings settings,
      TierTable tiers) {
    this.engine = engine;
    this.listener = listener;
    this.batches = batches;
    this.budget = budget;
    this.settings = settings;
    this.tiers = tiers;
  }

  void resume(
      List<JournalEntry> journal,
      ExitWatcher exits,
      Disposer disposer,
      Consumer<BatchRun> settleOrRetry) {
    Map<String, BatchRun> byId = new HashMap<>();
    batches.forEach(b -> byId.put(b.batch.batchId(), b));
    for (JournalEntry entry : journal) {
      BatchRun b = entry.batchId() == null ? null : byId.get(entry.batchId());
      if (b != null) {
        replay(b, entry);
      }
    }
    Map<String, ContainerSummary> containers = new HashMap<>();
    engine
        .listByLabels(Map.of(CfnLabels.MANAGED, "true", CfnLabels.RUN_ID, settings.spawn().runId()))
        .forEach(c -> containers.put(c.name(), c));
    int reattached = 0;
    for (BatchRun b : batches) {
      Attempt last = b.current();
      if (b.state == BatchRun.State.SETTLED) {
        disposeLeftover(containers, last, disposer);
        continue;
      }
      if (last == null) {
        b.state = BatchRun.State.PENDING;
        continue;
      }
      if (last.hasEnded()) {
        disposeLeftover(containers, last, disposer);
        b.state = BatchRun.State.PENDING;
        if (!last.interrupted) {
          settleOrRetry.accept(b);
        }
        continue;
      }
      ContainerSummary container = containers.get(last.containerName);
      if (container == null || container.state() == ContainerState.CREATED) {
        // Never created, or created and never started: launch the same attempt again (a created
        // container of this run and batch is taken over by the launcher, not doubled).
        b.attempts.remove(last);
        b.nextShape = last.batch;
        b.state = BatchRun.State.PENDING;
        continue;
      }
      if (last.stopReason != null) {
        // The dead orchestrator was stopping it (the stop may still be on its way): its end is no
        // failure of the batch. The resumed run finishes the stop.
        last.interrupted = last.stopReason == StopReason.INTERRUPTED;
        last.timedOut = last.stopReason == StopReason.TIMEOUT;
      }
      last.containerId = container.id();
      b.state = BatchRun.State.RUNNING;
      budget.forceReserve(last.batch.memoryLimit());
      exits.watch(container.id(), true);
      reattached++;
    }
    exits.reconcileSoon();
    long settled = batches.stream().filter(b -> b.state == BatchRun.State.SETTLED).count();
    listener.info(
        "resuming run "
            + settings.spawn().runId()
            + ": "
            + settled
            + " batches settled, "
            + reattached
            + " containers re-attached, "
            + (batches.size() - settled - reattached)
            + " to start");
  }

  private void replay(BatchRun b, JournalEntry entry) {
    switch (entry.type()) {
      case JournalEntry.ATTEMPT_STARTING -> {
        Batch shape = shapeOf(b.batch, entry);
        b.attempts.add(new Attempt(entry.attempt(), shape, entry.containerName()));
        b.nextShape = shape;
      }
      case JournalEntry.ATTEMPT_STARTED -> {
        Attempt a = b.current();
        a.containerId = entry.containerId();
        a.startedAt = instant(entry.startedAt());
      }
      case JournalEntry.ATTEMPT_ENDED -> {
        Attempt a = b.current();
        a.containerId = entry.containerId();
        a.exitCode = entry.exitCode();
        a.exitStatus = status(entry.exitStatus());
        a.error = entry.error();
        a.interrupted = StopReason.fromWire(entry.error()) == StopReason.INTERRUPTED;
        a.startedAt = instant(entry.startedAt());
        a.completedAt = instant(entry.completedAt());
      }
      case JournalEntry.ATTEMPT_STOPPING ->
          b.current().stopReason = StopReason.fromWire(entry.error());
      case JournalEntry.BATCH_SETTLED -> b.state = BatchRun.State.SETTLED;
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
      Map<String, ContainerSummary> containers, Attempt attempt, Disposer disposer) {
    if (attempt == null) {
      return;
    }
    ContainerSummary leftover = containers.get(attempt.containerName);
    if (leftover != null && leftover.state().isFinished()) {
      boolean keepLog = settings.logPolicy().keepsLogOf(attempt.exitStatus == ExitStatus.SUCCESS);
      disposer.dispose(leftover.id(), leftover.name(), keepLog);
    }
  }

  private static ExitStatus status(String wire) {
    return wire == null ? null : ExitStatus.valueOf(wire.toUpperCase(Locale.ROOT));
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
