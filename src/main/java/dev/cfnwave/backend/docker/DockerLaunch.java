package dev.cfnwave.backend.docker;

import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.EngineUnavailableException;
import dev.cfnwave.engine.ContainerDetails;
import dev.cfnwave.engine.ContainerEngine;
import dev.cfnwave.engine.ContainerState;
import dev.cfnwave.engine.EngineTimeoutException;
import dev.cfnwave.engine.NameConflictException;
import dev.cfnwave.event.WaveListener;
import java.time.Duration;
import java.util.Objects;

/**
 * The Docker backend's launch: creates and starts one container under its deterministic name. A
 * failed start removes what was created, so a failure never leaves a container behind. A name
 * already taken by a created-but-not-started container of the same run and batch (a create whose
 * answer was lost, or a crash between create and start) is taken over instead of doubled.
 *
 * <p>A call that timed out or lost its connection may still reach the engine later, so it is tried
 * again under the same name: the retry then finds that container (409) and takes it over, started
 * or not, rather than making a second one.
 */
final class DockerLaunch {

  private static final int TRIES = 3;
  static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

  private final ContainerEngine engine;
  private final WaveListener listener;
  private final Duration firstPause;
  private final Failpoint failpoint;

  DockerLaunch(
      ContainerEngine engine, WaveListener listener, Duration firstPause, Failpoint failpoint) {
    this.engine = engine;
    this.listener = listener;
    this.firstPause = firstPause;
    this.failpoint = failpoint;
  }

  /**
   * @return the started container's id
   * @throws RuntimeException when it could not be created or started
   */
  String launch(AttemptSpec spec) {
    return prepare(spec).start();
  }

  /**
   * Creates the container (or takes over one an earlier try made); the result starts it. The two
   * steps together are the first try of {@link #launch}: a later try repeats both.
   */
  Backend.Prepared prepare(AttemptSpec spec) {
    Taken taken;
    try {
      taken = createOrTakeOver(spec, false);
    } catch (EngineTimeoutException | EngineUnavailableException e) {
      return () -> tryAgain(spec, e);
    }
    if (taken.started()) {
      return taken::id;
    }
    return () -> {
      try {
        return start(spec, taken);
      } catch (EngineTimeoutException | EngineUnavailableException e) {
        return tryAgain(spec, e);
      }
    };
  }

  /** After a first try cut short: the tries left, each taking over what an earlier one made. */
  private String tryAgain(AttemptSpec spec, RuntimeException cutShort) {
    listener.warn(
        spec.name() + ": " + cutShort.getMessage() + "; trying again under the same name");
    pause(firstPause);
    for (int tried = 2; ; tried++) {
      try {
        return launchOnce(spec, true);
      } catch (EngineTimeoutException | EngineUnavailableException e) {
        if (tried == TRIES) {
          removeQuietly(spec.name());
          throw e;
        }
        listener.warn(spec.name() + ": " + e.getMessage() + "; trying again under the same name");
        pause(firstPause.multipliedBy(1L << (tried - 1)));
      }
    }
  }

  private String launchOnce(AttemptSpec spec, boolean retry) {
    Taken taken = createOrTakeOver(spec, retry);
    return taken.started() ? taken.id() : start(spec, taken);
  }

  private String start(AttemptSpec spec, Taken taken) {
    failpoint.check("after-create", spec);
    try {
      engine.start(taken.id());
      return taken.id();
    } catch (EngineTimeoutException | EngineUnavailableException e) {
      throw e; // the start may still happen: the next try takes the container over
    } catch (RuntimeException e) {
      removeQuietly(taken.id());
      throw e;
    }
  }

  /** The container to start, and whether an earlier try already started it. */
  private record Taken(String id, boolean started) {}

  private Taken createOrTakeOver(AttemptSpec spec, boolean retry) {
    try {
      return new Taken(engine.create(spec), false);
    } catch (NameConflictException conflict) {
      ContainerDetails existing = engine.inspect(spec.name());
      if (!sameBatchOfSameRun(spec, existing)) {
        throw conflict;
      }
      if (existing.state() == ContainerState.CREATED) {
        listener.debug("taking over created container " + spec.name());
        return new Taken(existing.id(), false);
      }
      if (retry) {
        listener.debug("taking over " + spec.name() + ", started by an earlier try");
        return new Taken(existing.id(), true);
      }
      throw conflict;
    }
  }

  private void removeQuietly(String container) {
    try {
      engine.remove(container);
    } catch (RuntimeException removal) {
      listener.warn("could not remove half-spawned " + container + ": " + removal.getMessage());
    }
  }

  private static void pause(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("spawning interrupted");
    }
  }

  private static boolean sameBatchOfSameRun(AttemptSpec spec, ContainerDetails existing) {
    return Objects.equals(
            spec.labels().get(CfnLabels.RUN_ID), existing.labels().get(CfnLabels.RUN_ID))
        && Objects.equals(
            spec.labels().get(CfnLabels.BATCH_ID), existing.labels().get(CfnLabels.BATCH_ID));
  }
}
