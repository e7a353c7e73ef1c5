package dev.cfnwave.it;

import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.Failpoint;
import dev.cfnwave.engine.DockerBackend;
import dev.cfnwave.engine.DockerEngine;
import java.time.Duration;

/**
 * The backend contract against the Docker backend on the real daemon: each instance is a new
 * connection, as a new process would make. Each test removes its run's containers by label.
 */
class DockerBackendContractIT extends AgentImageContract {

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

  @Override
  protected void beginLaunchOnly(AttemptSpec spec) {
    try (DockerEngine engine = DockerEngine.connect()) {
      engine.create(spec);
    }
  }
}
