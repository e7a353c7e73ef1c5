package dev.cfnwave.run;

import dev.cfnwave.cleanup.ContainerDisposal;
import dev.cfnwave.cleanup.LogPolicy;
import dev.cfnwave.engine.CfnLabels;
import dev.cfnwave.engine.ContainerDetails;
import dev.cfnwave.engine.ContainerEngine;
import dev.cfnwave.engine.ContainerSpec;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.monitor.ContainerEnd;
import dev.cfnwave.monitor.ExitWatcher;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.Json;
import dev.cfnwave.report.LogKeeper;
import dev.cfnwave.spawn.BatchContainers;
import dev.cfnwave.spawn.ContainerLauncher;
import dev.cfnwave.spawn.Failpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Runs a whole plan: admits batches while their memory limits fit the budget (per wave, or
 * continuously in priority order), launches their containers, watches them end, retries the
 * outcomes it is told to, stops containers past their time limit, keeps the logs that matter,
 * removes each container once it ended, and journals every step so that a crashed run resumes.
 */
public final class RunOrchestrator {

  private static final Duration SLICE = Duration.ofMillis(100);
  private static final int PARALLEL_DISPOSALS = 8;

  private final ContainerEngine engine;
  private final WaveListener listener;
  private final TierTable tiers;
  private final Cancellation cancellation;

  public RunOrchestrator(
      ContainerEngine engine, WaveListener listener, TierTable tiers, Cancellation cancellation) {
    this.engine = engine;
    this.listener = listener;
    this.tiers = tiers;
    this.cancellation = cancellation;
  }

  /** The outcome of one launch, handed from a launcher thread to the orchestrator thread. */
  private record Launched(BatchRun batch, Attempt attempt, String containerId, String error) {}

  /**
   * Runs the plan's selected waves; when the run folder holds a journal from an earlier process,
   * resumes that run.
   */
  public RunOutcome run(WavePlan plan, RunSettings settings) {
    return new Execution(plan, settings).execute(RunFolder.journal(settings.runDirectory()));
  }

  /** One run's mutable state, confined to the calling thread (launch and disposal hand back). */
  private final class Execution {

    private final WavePlan plan;
    private final RunSettings settings;
    private final List<Wave> waves;
    private final List<BatchRun> batches = new ArrayList<>();
    private final List<BatchRun> admissionOrder;
    private final Map<String, BatchRun> running = new HashMap<>();
    private final Map<Integer, Long> waveStarts = new HashMap<>();
    private final BlockingQueue<Launched> launched = new LinkedBlockingQueue<>();
    private final MemoryBudget budget;
    private final ContainerLauncher launcher;
    private final ContainerDisposal disposal;
    private final Map<String, String> extraLabels;
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private int waveIndex;
    private int inFlight;
    private boolean halted;
    private boolean timedOut;
    private long nextProgress = System.nanoTime();

    Execution(WavePlan plan, RunSettings settings) {
      this.plan = plan;
      this.settings = settings;
      this.waves =
          plan.waves().stream().filter(w -> settings.includesWave(w.waveNumber())).toList();
      this.budget = new MemoryBudget(settings.memoryBudget());
      this.launcher = new ContainerLauncher(engine, listener, Failpoint.fromTestSwitches());
      LogKeeper keeper =
          new LogKeeper(engine, settings.runDirectory().resolve("logs"), settings.maxLogBytes());
      this.disposal = new ContainerDisposal(engine, keeper, listener);
      this.extraLabels =
          Map.of(CfnLabels.RUN_DIR, settings.runDirectory().toAbsolutePath().toString());
      int order = 0;
      for (Wave wave : waves) {
        for (Batch batch : wave.batches()) {
          batches.add(new BatchRun(batch, wave.waveNumber(), order++));
        }
      }
      this.admissionOrder = AdmissionOrder.longestExpectedFirst(batches);
    }

    RunOutcome execute(List<JournalEntry> earlier) {
      Map<String, String> filter = new LinkedHashMap<>(CfnLabels.managed());
      filter.put(CfnLabels.RUN_ID, settings.spawn().runId());
      Semaphore launchSlots = new Semaphore(settings.spawn().parallel());
      Semaphore disposalSlots = new Semaphore(PARALLEL_DISPOSALS);
      try (Journal journal = new Journal(settings.runDirectory().resolve("journal.jsonl"));
          ExitWatcher exits = new ExitWatcher(engine, listener, filter, settings.pollInterval());
          ExecutorService launches = Executors.newVirtualThreadPerTaskExecutor();
          ExecutorService disposals = Executors.newVirtualThreadPerTaskExecutor()) {
        Steps steps = new Steps(journal, exits, launches, launchSlots, disposals, disposalSlots);
        if (earlier.isEmpty()) {
          journal.append(JournalEntry.of(JournalEntry.RUN_STARTED, now()));
        } else {
          new RunRecovery(engine, listener, batches, budget, settings, tiers)
              .resume(earlier, exits, steps::dispose, steps::settleOrRetry);
          running.putAll(steps.indexRunning());
          steps.finishStops();
        }
        steps.loop();
        journal.append(JournalEntry.of(JournalEntry.RUN_FINISHED, now()));
      }
      StrayContainers.remove(
          engine, disposal, filter, settings.logPolicy() == LogPolicy.ALL, listener);
      RunReports reports = new RunReports(plan, settings, batches, budget, startedAt);
      waves.forEach(wave -> reports.writeWaveResults(wave.waveNumber()));
      return reports.outcome(cancellation, timedOut);
    }

    /** The loop and its steps, with the resources the run holds open. */
    private final class Steps {

      private final Journal journal;
      private final ExitWatcher exits;
      private final ExecutorService launches;
      private final Semaphore launchSlots;
      private final ExecutorService disposals;
      private final Semaphore disposalSlots;

      Steps(
          Journal journal,
          ExitWatcher exits,
          ExecutorService launches,
          Semaphore launchSlots,
          ExecutorService disposals,
          Semaphore disposalSlots) {
        this.journal = journal;
        this.exits = exits;
        this.launches = launches;
        this.launchSlots = launchSlots;
        this.disposals = disposals;
        this.disposalSlots = disposalSlots;
      }

      Map<String, BatchRun> indexRunning() {
        Map<String, BatchRun> index = new HashMap<>();
        for (BatchRun b : batches) {
          if (b.state == BatchRun.State.RUNNING) {
            index.put(b.current().containerId, b);
          }
        }
        return index;
      }

      /** Stops again what the dead orchestrator had begun to stop (a no-op for ended ones). */
      void finishStops() {
        for (BatchRun b : running.values()) {
          Attempt attempt = b.current();
          if (attempt.stopReason != null) {
            stop(b, attempt, attempt.stopReason);
          }
        }
      }

      void loop() {
        while (true) {
          if (cancellation.requested()) {
            interrupt();
            return;
          }
          drainLaunches();
          enforceTimeLimits();
          advanceWaves();
          if (batches.stream().allMatch(BatchRun::isDone) && inFlight == 0 && running.isEmpty()) {
            reportProgress();
            return;
          }
          admit();
          if (System.nanoTime() - nextProgress >= 0) {
            reportProgress();
            nextProgress = System.nanoTime() + settings.pollInterval().toNanos();
          }
          awaitEnd(SLICE);
        }
      }

      private void awaitEnd(Duration max) {
        try {
          ContainerEnd end = exits.next(max);
          if (end != null) {
            ended(end);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          cancellation.request(2);
        }
      }

      private void admit() {
        long now = System.nanoTime();
        for (BatchRun b : candidates()) {
          if (b.state != BatchRun.State.PENDING || b.eligibleAtNanos - now > 0) {
            continue;
          }
          if (halted && b.attempts.isEmpty()) {
            continue;
          }
          if (!budget.tryReserve(b.nextShape.memoryLimit())) {
            return;
          }
          launch(b);
        }
      }

      private List<BatchRun> candidates() {
        if (settings.schedule() == Schedule.CONTINUOUS) {
          return admissionOrder;
        }
        if (waveIndex >= waves.size()) {
          return List.of();
        }
        int current = waves.get(waveIndex).waveNumber();
        return admissionOrder.stream().filter(b -> b.waveNumber == current).toList();
      }

      private void launch(BatchRun b) {
        int number = b.attempts.size() + 1;
        Batch shape = b.nextShape;
        String name =
            BatchContainers.containerName(
                b.waveNumber, shape.batchId(), settings.spawn().runId(), number);
        Attempt attempt = new Attempt(number, shape, name);
        b.attempts.add(attempt);
        b.state = BatchRun.State.LAUNCHING;
        waveStarts.putIfAbsent(b.waveNumber, System.nanoTime());
        journal.append(
            entry(JournalEntry.ATTEMPT_STARTING, b, attempt, null, null, null, null, null));
        ContainerSpec spec =
            BatchContainers.specFor(
                plan.taskId(), b.waveNumber, shape, settings.spawn(), number, extraLabels);
        inFlight++;
        launches.submit(
            () -> {
              launchSlots.acquireUninterruptibly();
              try {
                launched.add(new Launched(b, attempt, launcher.launch(spec), null));
              } catch (RuntimeException e) {
                launched.add(new Launched(b, attempt, null, e.getMessage()));
              } finally {
                launchSlots.release();
              }
            });
      }

      private void drainLaunches() {
        Launched result;
        while ((result = launched.poll()) != null) {
          inFlight--;
          BatchRun b = result.batch();
          Attempt attempt = result.attempt();
          if (result.containerId() == null) {
            budget.release(attempt.batch.memoryLimit());
            attempt.error = result.error();
            attempt.exitStatus = ExitStatus.FAILED;
            listener.on(
                new WaveEvent.SpawnFailed(b.batch.batchId(), attempt.containerName, attempt.error));
            journal.append(ended(b, attempt));
            settleOrRetry(b);
            continue;
          }
          attempt.containerId = result.containerId();
          attempt.startedAt = Instant.now();
          b.state = BatchRun.State.RUNNING;
          running.put(attempt.containerId, b);
          exits.watch(attempt.containerId, true);
          journal.append(
              entry(
                  JournalEntry.ATTEMPT_STARTED,
                  b,
                  attempt,
                  attempt.containerId,
                  null,
                  null,
                  null,
                  Json.timestamp(attempt.startedAt)));
          listener.on(
              new WaveEvent.ContainerSpawned(
                  b.batch.batchId(), attempt.containerName, attempt.containerId));
        }
      }

      private void ended(ContainerEnd end) {
        BatchRun b = running.remove(end.containerId());
        if (b == null) {
          return;
        }
        Attempt attempt = b.current();
        budget.release(attempt.batch.memoryLimit());
        ContainerDetails details = end.details();
        if (details == null) {
          attempt.exitStatus = ExitStatus.FAILED;
          attempt.error = "the container was removed by someone else";
        } else {
          attempt.exitCode = details.exitCode();
          attempt.startedAt = details.startedAt() != null ? details.startedAt() : attempt.startedAt;
          attempt.completedAt = details.finishedAt();
          long code = details.exitCode() == null ? -1 : details.exitCode();
          attempt.exitStatus =
              attempt.timedOut
                  ? ExitStatus.TIMEOUT
                  : ExitStatus.classify(code, details.oomKilled());
        }
        if (attempt.interrupted) {
          attempt.error = "interrupted";
        }
        journal.append(ended(b, attempt));
        listener.on(
            new WaveEvent.ContainerFinished(
                b.batch.batchId(),
                attempt.containerName,
                attempt.interrupted ? "interrupted" : attempt.exitStatus.wireName(),
                attempt.exitCode));
        if (details != null) {
          boolean keepLog =
              attempt.interrupted
                  || settings.logPolicy().keepsLogOf(attempt.exitStatus == ExitStatus.SUCCESS);
          dispose(attempt.containerId, attempt.containerName, keepLog);
        }
        if (attempt.interrupted) {
          b.state = BatchRun.State.PENDING;
        } else {
          settleOrRetry(b);
        }
      }

      void dispose(String containerId, String name, boolean keepLog) {
        disposals.submit(
            () -> {
              disposalSlots.acquireUninterruptibly();
              try {
                disposal.dispose(containerId, name, keepLog);
              } catch (RuntimeException e) {
                listener.warn("could not clean up " + name + ": " + e.getMessage());
              } finally {
                disposalSlots.release();
              }
            });
      }

      void settleOrRetry(BatchRun b) {
        Attempt last = b.current();
        long counted = b.attempts.stream().filter(a -> !a.interrupted).count();
        if (settings.retryOn().contains(last.exitStatus)
            && counted < 1L + settings.retries()
            && !cancellation.requested()) {
          b.nextShape = nextShape(last);
          long delay = settings.backoff().toMillis() << Math.min(20, counted - 1);
          b.eligibleAtNanos = System.nanoTime() + Duration.ofMillis(delay).toNanos();
          b.state = BatchRun.State.PENDING;
          listener.on(
              new WaveEvent.RetryScheduled(
                  b.batch.batchId(),
                  b.attempts.size() + 1,
                  delay,
                  b.nextShape.memoryLimit().dockerForm()));
          return;
        }
        b.state = BatchRun.State.SETTLED;
        journal.append(
            entry(
                JournalEntry.BATCH_SETTLED,
                b,
                last,
                null,
                null,
                b.finalStatus().wireName(),
                null,
                null));
        listener.on(
            new WaveEvent.BatchSettled(
                b.batch.batchId(), b.finalStatus().wireName(), b.attempts.size()));
        if (b.finalStatus() != ExitStatus.SUCCESS && !settings.keepGoing()) {
          if (settings.schedule() == Schedule.CONTINUOUS) {
            halt();
          }
        }
      }

      /** One tier up after an OOM kill when asked, within the budget; else the same shape. */
      private Batch nextShape(Attempt last) {
        Batch shape = last.batch;
        if (!settings.escalateMemory() || last.exitStatus != ExitStatus.OOM_KILLED) {
          return shape;
        }
        var up = tiers.tierAbove(shape.tier(), shape.memoryLimit());
        if (up.isPresent()) {
          MemorySize limit = tiers.limitOf(up.get()).orElseThrow();
          if (limit.compareTo(settings.memoryBudget()) <= 0) {
            return shape.withMemory(up.get(), limit);
          }
        }
        listener.warn("batch " + shape.batchId() + " has no larger tier to escalate to");
        return shape;
      }

      private void halt() {
        if (halted) {
          return;
        }
        halted = true;
        listener.warn("a batch failed: starting no further batches (--keep-going runs the rest)");
        for (BatchRun b : batches) {
          if (b.state == BatchRun.State.PENDING && b.attempts.isEmpty()) {
            b.state = BatchRun.State.NOT_STARTED;
          }
        }
      }

      /** The barrier of --schedule waves; in both schedules, records each wave's results. */
      private void advanceWaves() {
        if (settings.schedule() != Schedule.WAVES) {
          return;
        }
        while (waveIndex < waves.size()) {
          int current = waves.get(waveIndex).waveNumber();
          List<BatchRun> wave = batches.stream().filter(b -> b.waveNumber == current).toList();
          if (!wave.stream().allMatch(BatchRun::isDone)) {
            return;
          }
          boolean failures =
              wave.stream()
                  .anyMatch(
                      b ->
                          b.state == BatchRun.State.SETTLED
                              && b.finalStatus() != ExitStatus.SUCCESS);
          waveIndex++;
          listener.info("wave " + current + " done" + (failures ? " with failures" : ""));
          if (failures && !settings.keepGoing()) {
            for (BatchRun b : batches) {
              if (b.state == BatchRun.State.PENDING) {
                b.state = BatchRun.State.NOT_STARTED;
              }
            }
            listener.warn(
                "wave " + current + " had failures: stopping (--keep-going runs the rest)");
          }
        }
      }

      private void enforceTimeLimits() {
        long now = System.nanoTime();
        for (BatchRun b : List.copyOf(running.values())) {
          Attempt attempt = b.current();
          if (attempt.timedOut) {
            continue;
          }
          long started = waveStarts.getOrDefault(b.waveNumber, now);
          boolean waveOver = now - (started + settings.waveTimeout().toNanos()) >= 0;
          boolean batchOver =
              settings.batchTimeout() != null
                  && attempt.startedAt != null
                  && Duration.between(attempt.startedAt, Instant.now())
                          .compareTo(settings.batchTimeout())
                      >= 0;
          if (waveOver || batchOver) {
            attempt.timedOut = true;
            timedOut = true;
            listener.warn(attempt.containerName + " is past its time limit: stopping it");
            stop(b, attempt, "timeout");
          }
        }
        for (BatchRun b : batches) {
          Long started = waveStarts.get(b.waveNumber);
          if (b.state == BatchRun.State.PENDING
              && started != null
              && now - (started + settings.waveTimeout().toNanos()) >= 0) {
            timedOut = true;
            b.state = b.attempts.isEmpty() ? BatchRun.State.NOT_STARTED : settleAsTimeout(b);
          }
        }
      }

      private BatchRun.State settleAsTimeout(BatchRun b) {
        journal.append(
            entry(
                JournalEntry.BATCH_SETTLED,
                b,
                b.current(),
                null,
                null,
                b.current().exitStatus.wireName(),
                null,
                null));
        return BatchRun.State.SETTLED;
      }

      /** Journals why, then stops the container in the background. */
      private void stop(BatchRun b, Attempt attempt, String reason) {
        attempt.stopReason = reason;
        journal.append(
            entry(
                JournalEntry.ATTEMPT_STOPPING,
                b,
                attempt,
                attempt.containerId,
                null,
                null,
                reason,
                null));
        launches.submit(
            () -> {
              try {
                engine.stop(attempt.containerId, settings.stopGrace());
              } catch (RuntimeException e) {
                listener.warn("could not stop " + attempt.containerName + ": " + e.getMessage());
                exits.reconcileSoon();
              }
            });
      }

      /** SIGINT or SIGTERM: stop everything, keep the logs, leave the run resumable. */
      private void interrupt() {
        listener.warn("interrupted: stopping the run's containers and keeping their logs");
        long deadline =
            System.nanoTime() + settings.stopGrace().plus(Duration.ofSeconds(30)).toNanos();
        while (inFlight > 0 && System.nanoTime() - deadline < 0) {
          drainLaunches();
          sleepQuietly();
        }
        for (BatchRun b : running.values()) {
          b.current().interrupted = true;
          stop(b, b.current(), "interrupted");
        }
        while (!running.isEmpty() && System.nanoTime() - deadline < 0) {
          awaitEnd(SLICE);
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
        listener.on(
            ProgressCount.of(
                batches,
                waves,
                running.size(),
                budget,
                Duration.ofNanos(System.nanoTime() - startNanos)));
      }

      private JournalEntry ended(BatchRun b, Attempt attempt) {
        return entry(
            JournalEntry.ATTEMPT_ENDED,
            b,
            attempt,
            attempt.containerId,
            attempt.exitCode,
            attempt.exitStatus == null ? null : attempt.exitStatus.wireName(),
            attempt.error,
            Json.timestamp(attempt.startedAt));
      }

      private JournalEntry entry(
          String type,
          BatchRun b,
          Attempt attempt,
          String containerId,
          Long exitCode,
          String exitStatus,
          String error,
          String attemptStartedAt) {
        return new JournalEntry(
            type,
            now(),
            b.batch.batchId(),
            attempt.number,
            attempt.containerName,
            containerId,
            attempt.batch.tier(),
            attempt.batch.memoryLimit().dockerForm(),
            exitCode,
            exitStatus,
            error,
            attemptStartedAt,
            Json.timestamp(attempt.completedAt));
      }
    }
  }

  private static String now() {
    return Instant.now().toString();
  }
}
