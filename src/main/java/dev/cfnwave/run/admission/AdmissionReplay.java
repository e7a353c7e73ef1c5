package dev.cfnwave.run.admission;

import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.RunSteps;
import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.AttemptEnd;
import dev.cfnwave.run.journal.BatchRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Replays batches of known durations through the run's own admission code (the schedule's {@link
 * AdmissionPolicy}, {@link AdmissionOrder}, {@link MemoryBudget} and {@link BatchRun}'s
 * transitions, {@link Backfill}, the plan's {@link Pools}) on a virtual clock, and predicts the
 * makespan. It drives those classes directly, as {@link RunSteps#admit} does, rather than the whole
 * orchestrator: that one needs a backend, a journal and a run folder. Not modelled: launch latency,
 * retries and rate limits (each batch runs once, for its recorded duration, as if its tier held it,
 * and succeeds: a batch starts once the batches it depends on ended, and every batch of a best-of-N
 * group runs), other workloads on the engine and other runs' use of the pools, time limits.
 */
public final class AdmissionReplay {

  private static final Instant ZERO = Instant.EPOCH;

  private AdmissionReplay() {}

  /** One replayed attempt: when it reserved its memory and when it gave it back. */
  public record Launch(
      String batchId, int waveNumber, MemorySize memoryLimit, Duration at, Duration end) {}

  /** The replay's launches in the order they happened, and the makespan. */
  public record Replayed(List<Launch> launches, Duration makespan) {

    public Replayed {
      launches = List.copyOf(launches);
    }
  }

  /**
   * The predicted time from the first start to the last end.
   *
   * @param waves the plan's waves, each batch with the memory limit to replay it under
   * @param durations how long each batch runs, by batch id; batches without one are left out
   * @param backfillLimit how long smaller batches may pass one waiting for memory, as in the run
   * @throws IllegalArgumentException when a batch's limit exceeds the budget (it could never run)
   */
  public static Duration makespan(
      List<Wave> waves,
      Map<String, Duration> durations,
      MemorySize budget,
      Schedule schedule,
      Duration backfillLimit) {
    return makespan(waves, durations, budget, schedule, backfillLimit, Map.of());
  }

  /** As {@link #makespan(List, Map, MemorySize, Schedule, Duration)}, with the plan's pools. */
  public static Duration makespan(
      List<Wave> waves,
      Map<String, Duration> durations,
      MemorySize budget,
      Schedule schedule,
      Duration backfillLimit,
      Map<String, Integer> pools) {
    return replay(waves, durations, budget, schedule, backfillLimit, pools).makespan();
  }

  static Replayed replay(
      List<Wave> waves,
      Map<String, Duration> durations,
      MemorySize budget,
      Schedule schedule,
      Duration backfillLimit) {
    return replay(waves, durations, budget, schedule, backfillLimit, Map.of());
  }

  static Replayed replay(
      List<Wave> waves,
      Map<String, Duration> durations,
      MemorySize budget,
      Schedule schedule,
      Duration backfillLimit,
      Map<String, Integer> pools) {
    for (Wave w : waves) {
      for (Batch b : w.batches()) {
        if (durations.containsKey(b.batchId()) && b.memoryLimit().compareTo(budget) > 0) {
          throw new IllegalArgumentException(
              b.batchId() + ": " + b.memoryLimit().dockerForm() + " exceeds the budget");
        }
      }
    }
    return replay(waves, durations, new MemoryBudget(budget), null, schedule, backfillLimit, pools);
  }

  /**
   * The replay of a run that has not happened (the preview): the batches in {@code durations} in
   * the order the run would start them, under its memory budget with its nodes, in the admission
   * order of {@code estimates}. A batch that never fits is never launched.
   *
   * @param estimates what orders the admission; null: the plan's expected_seconds alone
   * @param pools the plan's pools and their limits: a batch starts only with a slot in each it uses
   */
  public static Replayed replay(
      List<Wave> waves,
      Map<String, Duration> durations,
      MemoryBudget budget,
      Estimates estimates,
      Schedule schedule,
      Duration backfillLimit,
      Map<String, Integer> pools) {
    List<Wave> replayed = new ArrayList<>();
    List<BatchRun> batches = new ArrayList<>();
    for (Wave w : waves) {
      List<Batch> kept =
          w.batches().stream().filter(b -> durations.containsKey(b.batchId())).toList();
      if (kept.isEmpty()) {
        continue;
      }
      replayed.add(new Wave(w.waveNumber(), kept));
      for (Batch b : kept) {
        batches.add(new BatchRun(b, w.waveNumber(), batches.size()));
      }
    }
    List<BatchRun> order =
        AdmissionOrder.longestExpectedFirst(
            batches, estimates == null ? Estimates.fromPlan(batches) : estimates);
    AdmissionPolicy policy =
        DependencyGate.around(
            schedule == Schedule.WAVES
                ? new WaveBarrier(replayed, batches, order, true, WaveListener.NONE)
                : new ContinuousAdmission(batches, order, true, WaveListener.NONE),
            batches);
    Backfill backfill = new Backfill(backfillLimit, WaveListener.NONE);
    VirtualClock run = new VirtualClock(budget, new Pools(pools), durations, policy);
    do {
      policy.advance();
      List<BatchRun> eligible =
          policy.candidates().stream().filter(c -> c.isEligible(ZERO)).toList();
      backfill.pass(eligible, run.now, run::tryLaunch);
    } while (run.nextEnds());
    return new Replayed(run.launches, Duration.between(ZERO, run.now));
  }

  /** The replayed attempts on a clock that jumps from one end to the next. */
  private static final class VirtualClock {

    private record Running(Instant end, BatchRun batch) {}

    private final MemoryBudget memory;
    private final Pools pools;
    private final Map<String, Duration> durations;
    private final AdmissionPolicy policy;
    private final PriorityQueue<Running> running =
        new PriorityQueue<>(
            Comparator.comparing(Running::end).thenComparingInt(r -> r.batch().order));
    private final List<Launch> launches = new ArrayList<>();
    private Instant now = ZERO;

    VirtualClock(
        MemoryBudget memory, Pools pools, Map<String, Duration> durations, AdmissionPolicy policy) {
      this.memory = memory;
      this.pools = pools;
      this.durations = durations;
      this.policy = policy;
    }

    /** As the run launches: a slot in each of its pools and its memory reserved, or not at all. */
    boolean tryLaunch(BatchRun b) {
      Batch shape = b.nextShape();
      if (!pools.haveSlot(shape.uses())
          || !memory.tryReserve(shape.batchId(), shape.memoryLimit())) {
        return false;
      }
      pools.take(shape.batchId(), shape.uses());
      b.starting(new Attempt(1, shape, shape.batchId()), now);
      b.started(shape.batchId(), now, now);
      Instant end = now.plus(durations.get(shape.batchId()));
      running.add(new Running(end, b));
      launches.add(
          new Launch(
              shape.batchId(),
              b.waveNumber,
              shape.memoryLimit(),
              Duration.between(ZERO, now),
              Duration.between(ZERO, end)));
      return true;
    }

    /**
     * Moves to the next end and ends every attempt ending then.
     *
     * @return false when nothing runs
     */
    boolean nextEnds() {
      if (running.isEmpty()) {
        return false;
      }
      now = running.peek().end();
      while (!running.isEmpty() && running.peek().end().equals(now)) {
        BatchRun b = running.poll().batch();
        memory.release(b.current().batch.batchId());
        pools.release(b.current().batch.batchId());
        b.ended(
            new AttemptEnd(b.current().batch.batchId(), 0L, ExitStatus.SUCCESS, null, null, now),
            now);
        b.settle(now);
        policy.settled(b);
      }
      return true;
    }
  }
}
