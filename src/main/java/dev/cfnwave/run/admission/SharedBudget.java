package dev.cfnwave.run.admission;

import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.event.WaveListener;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The engine's memory as a run shares it: before admitting, the run takes the host's admission turn
 * and reads what others hold now; it keeps the turn until its launches are done. What others hold
 * is also re-read once per poll interval (for the progress line), and a run that others' memory
 * kept from admitting tries again after a poll interval or once one of its own attempts ended. The
 * run's pools are shared the same way: in its turn, the run counts the attempts of others that use
 * a pool of the same name (by their {@link CfnLabels#POOLS} label).
 */
public final class SharedBudget implements AutoCloseable {

  private final Backend backend;
  private final Map<String, String> ownLabels;
  private final MemoryBudget budget;
  private final AdmissionLock lock;
  private final Duration pollInterval;
  private final WaveListener listener;
  private final Pools pools;
  private Instant lastRead = Instant.MIN;
  private Instant retryAt = Instant.MIN;
  private boolean unreadable;

  public SharedBudget(
      Backend backend,
      Map<String, String> ownLabels,
      MemoryBudget budget,
      AdmissionLock lock,
      Duration pollInterval,
      WaveListener listener) {
    this(backend, ownLabels, budget, Pools.none(), lock, pollInterval, listener);
  }

  /** Sharing the run's pools too. */
  public SharedBudget(
      Backend backend,
      Map<String, String> ownLabels,
      MemoryBudget budget,
      Pools pools,
      AdmissionLock lock,
      Duration pollInterval,
      WaveListener listener) {
    this.pools = pools;
    this.backend = backend;
    this.ownLabels = Map.copyOf(ownLabels);
    this.budget = budget;
    this.lock = lock;
    this.pollInterval = pollInterval;
    this.listener = listener;
  }

  /** Re-reads what others hold when the last reading is a poll interval old. */
  public void refreshIfDue(Instant now) {
    if (!now.isBefore(lastRead.plus(pollInterval))) {
      read(now);
    }
  }

  /**
   * Takes the admission turn and reads what others hold now.
   *
   * @return false when the run may not admit now (another run's turn, or others' memory kept it
   *     from admitting less than a poll interval ago)
   */
  public boolean beginAdmission(Instant now) {
    if (now.isBefore(retryAt) || !lock.tryAcquire()) {
      return false;
    }
    if (!read(now)) {
      lock.release();
      retryAt = now.plus(pollInterval);
      return false;
    }
    return true;
  }

  /** After admitting: keeps the turn while launches are in flight. */
  public void endAdmission(boolean launchedAny, int inFlight, Instant now) {
    if (!launchedAny) {
      retryAt = now.plus(pollInterval);
    }
    if (inFlight == 0) {
      lock.release();
    }
  }

  /** The run's launches are done: others will see its attempts running. */
  public void launchesDone() {
    lock.release();
  }

  /** One of the run's own attempts ended: try admitting at the next step. */
  public void memoryFreed() {
    retryAt = Instant.MIN;
  }

  /** Said once when a reading fails (an engine outage), and once when one succeeds again. */
  private boolean read(Instant now) {
    lastRead = now;
    try {
      budget.othersHeld(backend.memoryHeldByOthers(ownLabels));
      if (pools.any()) {
        pools.othersUsing(othersInPools());
      }
      if (unreadable) {
        unreadable = false;
        listener.info("can read what others hold on the engine again");
      }
      return true;
    } catch (EngineException e) {
      if (!unreadable) {
        unreadable = true;
        listener.warn(
            "could not read what others hold on the engine, will retry: " + e.getMessage());
      }
      return false;
    }
  }

  /** Per pool name, how many attempts not of this run use it and have not ended. */
  private Map<String, Integer> othersInPools() {
    Map<String, Integer> counts = new HashMap<>();
    for (AttemptStatus a : backend.listOwned(CfnLabels.managed())) {
      String names = a.labels().get(CfnLabels.POOLS);
      if (names == null
          || names.isEmpty()
          || a.phase() == AttemptPhase.ENDED
          || a.phase() == AttemptPhase.REJECTED
          || a.labels().entrySet().containsAll(ownLabels.entrySet())) {
        continue;
      }
      for (String name : names.split(",")) {
        counts.merge(name, 1, Integer::sum);
      }
    }
    return counts;
  }

  @Override
  public void close() {
    lock.close();
  }
}
