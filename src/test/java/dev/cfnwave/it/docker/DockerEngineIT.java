package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.engine.ContainerState;
import dev.cfnwave.it.support.DockerTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Docker engine behind the seam, call by call, where the launcher relies on its answers. */
class DockerEngineIT extends DockerTestSupport {

  @Test
  void startingARunningContainerAgainCountsAsStarted() {
    String id =
        ENGINE.create(
            new AttemptSpec(
                "cfnit-start-twice-" + runId,
                AGENT_IMAGE,
                Map.of(TEST_LABEL, runId),
                Map.of("TASK_PROMPT", "sleep 30"),
                64L << 20,
                null,
                "bridge",
                ContainerSecurity.DEFAULT));
    ENGINE.start(id);

    // A start that lands after a timed-out one already started it (engine answer: 304).
    ENGINE.start(id);

    assertThat(ENGINE.inspect(id).state()).isEqualTo(ContainerState.RUNNING);
  }
}
