package dev.cfnwave.cleanup;

import dev.cfnwave.ToolFailureException;
import dev.cfnwave.attempt.AttemptDisposal;
import dev.cfnwave.attempt.LogKeeper;
import dev.cfnwave.attempt.LogPolicy;
import dev.cfnwave.backend.AttemptNotFoundException;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.report.CleanupReport;
import dev.cfnwave.report.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Removes the selected containers with their anonymous volumes, saving logs first as the policy
 * says. A container whose log could not be saved is kept, so that no result is lost.
 */
public final class WaveCleaner {

  private static final int PARALLEL_REMOVALS = 8;

  private final Backend backend;
  private final AttemptDisposal disposal;
  private final WaveListener listener;

  public WaveCleaner(Backend backend, LogKeeper logKeeper, WaveListener listener) {
    this.backend = backend;
    this.disposal = new AttemptDisposal(backend, logKeeper, listener);
    this.listener = listener;
  }

  /** The selected containers, in the engine's order. */
  public List<AttemptStatus> select(CleanupSelection selection) {
    return backend.listOwned(selection.labels()).stream().filter(selection::matches).toList();
  }

  public CleanupReport clean(CleanupSelection selection, LogPolicy policy, boolean dryRun) {
    Instant at = Instant.now();
    List<AttemptStatus> selected = select(selection);
    AtomicInteger removed = new AtomicInteger();
    AtomicInteger logs = new AtomicInteger();
    AtomicInteger volumes = new AtomicInteger();
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<ToolFailureException> toolFailure = new AtomicReference<>();
    Semaphore slots = new Semaphore(PARALLEL_REMOVALS);
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (AttemptStatus container : selected) {
        workers.submit(
            () -> {
              slots.acquireUninterruptibly();
              try {
                cleanOne(container, policy, dryRun, removed, logs, volumes, errors);
              } catch (ToolFailureException e) {
                toolFailure.compareAndSet(null, e);
              } finally {
                slots.release();
              }
            });
      }
    }
    if (toolFailure.get() != null) {
      throw toolFailure.get(); // one line for the engine, not one error per container
    }
    if (!dryRun) {
      removeUnusedNetworks();
    }
    return new CleanupReport(
        Json.timestamp(at),
        removed.get(),
        logs.get(),
        volumes.get(),
        errors,
        summary(selected.size(), removed.get(), logs.get(), errors.size(), dryRun));
  }

  private void cleanOne(
      AttemptStatus container,
      LogPolicy policy,
      boolean dryRun,
      AtomicInteger removed,
      AtomicInteger logs,
      AtomicInteger volumes,
      List<String> errors) {
    boolean keepLog = policy.keepsLogOf(succeeded(container));
    if (dryRun) {
      listener.on(new WaveEvent.ContainerRemoved(container.name(), true));
      if (keepLog) {
        listener.info("dry run: would save the log of " + container.name());
      }
      return;
    }
    try {
      if (disposal.dispose(container.handle(), container.name(), keepLog) != null) {
        logs.incrementAndGet();
      }
      removed.incrementAndGet();
      volumes.addAndGet(container.volumes());
    } catch (AttemptNotFoundException e) {
      listener.debug(container.name() + " was already gone");
    } catch (ToolFailureException e) {
      throw e;
    } catch (RuntimeException e) {
      String error = container.name() + ": " + e.getMessage();
      errors.add(error);
      listener.on(new WaveEvent.CleanupFailed(container.name(), e.getMessage()));
    }
  }

  /** After the attempts: the networks this tool made for them, when nothing uses them now. */
  private void removeUnusedNetworks() {
    try {
      backend.removeUnusedNetworks().forEach(n -> listener.info("removed network " + n));
    } catch (ToolFailureException e) {
      throw e;
    } catch (RuntimeException e) {
      // the attempts are gone; a network left is reported, not a failed cleanup
      listener.warn("could not remove cfn-wave's unused networks: " + e.getMessage());
    }
  }

  private static boolean succeeded(AttemptStatus container) {
    return container.hasEnded() && container.exitCode() != null && container.exitCode() == 0;
  }

  private static String summary(int selected, int removed, int logs, int errors, boolean dryRun) {
    if (selected == 0) {
      return "No containers matched";
    }
    if (dryRun) {
      return "Dry run: would remove " + plural(selected, "container");
    }
    String text =
        (errors == 0 ? "Successfully removed " : "Removed ")
            + plural(removed, "container")
            + ", preserved logs from "
            + plural(logs, "container");
    return errors == 0 ? text : text + "; " + plural(errors, "error");
  }

  private static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
