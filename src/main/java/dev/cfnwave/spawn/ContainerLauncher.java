package dev.cfnwave.spawn;

import dev.cfnwave.engine.CfnLabels;
import dev.cfnwave.engine.ContainerDetails;
import dev.cfnwave.engine.ContainerEngine;
import dev.cfnwave.engine.ContainerSpec;
import dev.cfnwave.engine.ContainerState;
import dev.cfnwave.engine.NameConflictException;
import dev.cfnwave.event.WaveListener;
import java.util.Objects;

/**
 * Creates and starts one container. A failed start removes what was created, so a failure never
 * leaves a container behind; a name already taken by a created-but-not-started container of the
 * same run and batch (a create whose answer was lost, or a crash between create and start) is taken
 * over instead of doubled.
 */
public final class ContainerLauncher {

  private final ContainerEngine engine;
  private final WaveListener listener;

  public ContainerLauncher(ContainerEngine engine, WaveListener listener) {
    this.engine = engine;
    this.listener = listener;
  }

  /**
   * @return the started container's id
   * @throws RuntimeException when it could not be created or started (nothing is left behind)
   */
  public String launch(ContainerSpec spec) {
    String containerId = createOrTakeOver(spec);
    try {
      engine.start(containerId);
      return containerId;
    } catch (RuntimeException e) {
      try {
        engine.remove(containerId);
      } catch (RuntimeException removal) {
        listener.warn("could not remove half-spawned " + spec.name() + ": " + removal.getMessage());
      }
      throw e;
    }
  }

  private String createOrTakeOver(ContainerSpec spec) {
    try {
      return engine.create(spec);
    } catch (NameConflictException conflict) {
      ContainerDetails existing = engine.inspect(spec.name());
      if (!sameBatchOfSameRun(spec, existing) || existing.state() != ContainerState.CREATED) {
        throw conflict;
      }
      listener.debug("taking over created container " + spec.name());
      return existing.id();
    }
  }

  private static boolean sameBatchOfSameRun(ContainerSpec spec, ContainerDetails existing) {
    return Objects.equals(
            spec.labels().get(CfnLabels.RUN_ID), existing.labels().get(CfnLabels.RUN_ID))
        && Objects.equals(
            spec.labels().get(CfnLabels.BATCH_ID), existing.labels().get(CfnLabels.BATCH_ID));
  }
}
