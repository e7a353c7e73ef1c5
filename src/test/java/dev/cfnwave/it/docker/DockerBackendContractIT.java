package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.backend.AttemptRejectedException;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.docker.DockerBackend;
import dev.cfnwave.backend.docker.Failpoint;
import dev.cfnwave.engine.DockerEngine;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.it.support.AgentImageContract;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The backend contract against the Docker backend on the real daemon: each instance is a new
 * connection, as a new process would make. Each test removes its run's containers by label.
 */
class DockerBackendContractIT extends AgentImageContract {

  @Override
  protected String backendName() {
    return "docker";
  }

  @Override
  protected Backend openBackend() {
    return new DockerBackend(DockerEngine.connect(), Failpoint.NONE, Duration.ZERO);
  }

  /** No network: the contract needs none, and it keeps the test off the host's bridge. */
  @Override
  protected String network() {
    return "none";
  }

  @Override
  protected AttemptSpec unlaunchable(AttemptSpec spec) {
    return new AttemptSpec(
        spec.name(),
        "cfn-wave/no-such-image:" + runId,
        spec.labels(),
        spec.environment(),
        spec.memoryLimitBytes(),
        null,
        network(),
        spec.security());
  }

  /**
   * The engine has no such image (the launch does not pull, so no registry is asked): the attempt
   * is rejected at once, in one line naming the image and how to load it, and nothing is left.
   */
  @Test
  void anImageTheEngineDoesNotHaveIsRejectedNamingItAndHowToLoadIt() {
    AttemptSpec spec = unlaunchable(spec("noimage", exitsWith(0)));
    try (Backend backend = openBackend()) {
      assertThatThrownBy(() -> backend.launch(spec, WaveListener.NONE))
          .isInstanceOf(AttemptRejectedException.class)
          .hasMessageNotContaining("\n")
          .hasMessageStartingWith(
              "the engine has no image " + spec.image() + ": No such image: " + spec.image())
          .hasMessageContaining("docker save " + spec.image() + " | docker -H ENGINE load")
          .hasMessageContaining("docker import");
      assertThat(backend.listOwned(runLabels())).isEmpty();
    }
  }

  /** Docker 20.10 refuses a bind mount whose source is missing when the container is created. */
  @Test
  void aWorkspaceMissingOnTheEnginesHostIsRejectedNamingIt() {
    Path missing = temp.resolve("no-such-workspace");
    AttemptSpec given = spec("nobind", exitsWith(0));
    AttemptSpec spec =
        new AttemptSpec(
            given.name(),
            given.image(),
            given.labels(),
            given.environment(),
            given.memoryLimitBytes(),
            missing,
            given.network(),
            given.security());
    try (Backend backend = openBackend()) {
      assertThatThrownBy(() -> backend.launch(spec, WaveListener.NONE))
          .isInstanceOf(AttemptRejectedException.class)
          .hasMessageNotContaining("\n")
          .hasMessageContaining("bind source path does not exist: " + missing);
      assertThat(backend.listOwned(runLabels())).isEmpty();
    }
  }

  @Override
  protected void beginLaunchOnly(AttemptSpec spec) {
    try (DockerEngine engine = DockerEngine.connect()) {
      engine.create(spec);
    }
  }
}
