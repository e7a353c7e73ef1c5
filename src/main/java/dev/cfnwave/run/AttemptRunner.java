package dev.cfnwave.run;

import dev.cfnwave.ToolFailureException;
import dev.cfnwave.attempt.AttemptDisposal;
import dev.cfnwave.attempt.LaunchSlots;
import dev.cfnwave.attempt.LogKeeper;
import dev.cfnwave.backend.AttemptRejectedException;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.NetworkFullException;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.run.journal.Attempt;
import dev.cfnwave.run.journal.BatchRun;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Launches, stops and disposes of attempts' containers in the background, at most --parallel
 * launches and a few disposals at once, and hands each launch's outcome back to the run's thread.
 * Owns the executors: closing it waits for what it started.
 */
final class AttemptRunner implements RunRecovery.Disposer, AutoCloseable {

  private static final int PARALLEL_DISPOSALS = 8;

  /**
   * The outcome of one launch: the backend's handle of the attempt, or why there is none.
   *
   * @param handle null when the launch failed
   * @param rejected the backend refused the attempt as specified: retrying will not help
   * @param networkFull its network had no room when it started: launch it again later
   */
  record Launched(
      BatchRun batch, String handle, String error, boolean rejected, boolean networkFull) {

    Launched(BatchRun batch, String handle, String error, boolean rejected) {
      this(batch, handle, error, rejected, false);
    }
  }

  private final Backend backend;
  private final WaveListener listener;
  private final RunSettings settings;
  private final AttemptDisposal disposal;
  private final LogKeeper logKeeper;
  private final LaunchSlots launchSlots;
  private final Semaphore disposalSlots = new Semaphore(PARALLEL_DISPOSALS);
  private final Queue<Launched> launched = new ConcurrentLinkedQueue<>();
  private final ExecutorService launches = Executors.newVirtualThreadPerTaskExecutor();
  private final ExecutorService disposals = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicReference<ToolFailureException> toolFailure = new AtomicReference<>();
  private final PeakSampler peaks;
  private final OutputFolders outputs;
  private int inFlight;

  AttemptRunner(Backend backend, WaveListener listener, RunSettings settings) {
    this.backend = backend;
    this.listener = listener;
    this.settings = settings;
    this.logKeeper =
        new LogKeeper(backend, settings.runDirectory().resolve("logs"), settings.maxLogBytes());
    this.disposal = new AttemptDisposal(backend, logKeeper, listener);
    this.launchSlots = new LaunchSlots(settings.spawn().parallel());
    this.peaks = new PeakSampler(backend, settings.peakSampleInterval());
    this.outputs =
        new OutputFolders(
            settings.runDirectory(), settings.outputs(), settings.spawn().security().user());
  }

  /** Where attempts' logs are saved. */
  LogKeeper logKeeper() {
    return logKeeper;
  }

  /** The attempts' output folders. */
  OutputFolders outputs() {
    return outputs;
  }

  /** Launches the batch's current attempt; {@link #poll} hands back the outcome. */
  void launch(BatchRun batch, AttemptSpec spec) {
    inFlight++;
    Attempt attempt = batch.current();
    launches.submit(
        () -> {
          try {
            AttemptSpec withOutput = outputs.prepare(spec, attempt);
            String handle = launchSlots.launch(() -> backend.prepare(withOutput, listener));
            launched.add(new Launched(batch, handle, null, false));
          } catch (ToolFailureException e) {
            toolFailure.compareAndSet(null, e); // no outcome: the attempt stays for --resume
          } catch (AttemptRejectedException e) {
            launched.add(new Launched(batch, null, e.getMessage(), true));
          } catch (NetworkFullException e) {
            launched.add(new Launched(batch, null, e.getMessage(), false, true));
          } catch (RuntimeException e) {
            launched.add(new Launched(batch, null, e.getMessage(), false));
          }
        });
  }

  /**
   * Hands back, as a launch the backend refused, the batch's current attempt that cannot be
   * launched at all (its image could not be pulled): it never runs and is not retried.
   */
  void reject(BatchRun batch, String error) {
    inFlight++;
    launched.add(new Launched(batch, null, error, true));
  }

  /**
   * Fails with what stopped the tool (an engine that stopped answering) in a background launch,
   * stop or disposal, if anything did.
   */
  void requireNoToolFailure() {
    ToolFailureException failure = toolFailure.get();
    if (failure != null) {
      throw failure;
    }
  }

  /** The next launch that finished, or null. */
  Launched poll() {
    Launched next = launched.poll();
    if (next != null) {
      inFlight--;
    }
    return next;
  }

  /** Whether a launched attempt runs at once, or waits for the backend to start it. */
  boolean startsOnLaunch() {
    return backend.capabilities().startsOnLaunch();
  }

  /** Starts sampling the memory of a launched attempt. */
  void sampleMemory(String handle) {
    peaks.watch(handle);
  }

  /** Stops sampling the attempt: the highest memory seen, in bytes, or null when not known. */
  Long peakMemory(String handle) {
    return peaks.take(handle);
  }

  /** Launches not yet handed back. */
  int inFlight() {
    return inFlight;
  }

  /** Stops the attempt's container; when the engine fails to, warns and runs onFailure. */
  void stop(Attempt attempt, Runnable onFailure) {
    launches.submit(
        () -> {
          try {
            backend.stop(attempt.handle, settings.stopGrace());
          } catch (ToolFailureException e) {
            toolFailure.compareAndSet(null, e);
          } catch (RuntimeException e) {
            listener.warn("could not stop " + attempt.name + ": " + e.getMessage());
            onFailure.run();
          }
        });
  }

  @Override
  public void dispose(String handle, String name, boolean keepLog) {
    disposals.submit(
        () -> {
          disposalSlots.acquireUninterruptibly();
          try {
            disposal.dispose(handle, name, keepLog);
          } catch (ToolFailureException e) {
            toolFailure.compareAndSet(null, e);
          } catch (RuntimeException e) {
            listener.warn("could not clean up " + name + ": " + e.getMessage());
          } finally {
            disposalSlots.release();
          }
        });
  }

  /** Removes, now, the run's containers that no batch owns any more. */
  void removeStrays(Map<String, String> runFilter, boolean keepLogs) {
    StrayContainers.remove(backend, disposal, runFilter, keepLogs, listener);
  }

  @Override
  public void close() {
    peaks.close();
    disposals.close();
    launches.close();
  }
}
