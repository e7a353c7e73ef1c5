package dev.cfnwave.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.memory.InMemoryEngine;
import dev.cfnwave.engine.ContainerState;
import dev.cfnwave.testing.Specs;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An OOM kill whose flag the engine sets after it reported the exit is still an OOM kill; on Podman
 * 4, which never sets it, the kernel's log says.
 */
class DockerOomFlagTest {

  private final InMemoryEngine engine = new InMemoryEngine();
  private final DockerBackend backend = new DockerBackend(engine, Failpoint.NONE);

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void anExitOf137WhoseOomFlagComesLateIsOomKilled() {
    String handle =
        backend.launch(Specs.container("cfn-wave1-b1", "r1", "b1", "oom oomlate=200"), e -> {});
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> engine.inspect(handle).state() == ContainerState.EXITED);

    AttemptStatus status = backend.status(handle);

    assertThat(status.exitCode()).isEqualTo(137L);
    assertThat(status.oomKilled()).as("the flag set 200 ms after the exit").isTrue();
  }

  @Test
  void aPlainKillStaysAPlainKill() {
    String handle =
        backend.launch(Specs.container("cfn-wave1-b1", "r1", "b1", "ms=10 exit=137"), e -> {});
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> engine.inspect(handle).state() == ContainerState.EXITED);

    AttemptStatus status = backend.status(handle);

    assertThat(status.exitCode()).isEqualTo(137L);
    assertThat(status.oomKilled()).isFalse();
  }

  @Test
  void onPodmanFourAnOomKillIsReadFromTheKernelLog() {
    engine.actAsPodman("4.3.1", true);

    AttemptStatus status = endedStatus("oom");

    assertThat(status.exitCode()).isEqualTo(137L);
    assertThat(status.oomKilled()).isTrue();
    assertThat(status.error()).isNull();
  }

  @Test
  void onPodmanFourAPlainKillStaysAPlainKill() {
    engine.actAsPodman("4.3.1", true);

    AttemptStatus status = endedStatus("ms=10 exit=137");

    assertThat(status.oomKilled()).isFalse();
    assertThat(status.error()).isNull();
  }

  @Test
  void onPodmanFourWithoutTheKernelLogTheKillIsSaidToBeUnconfirmed() {
    engine.actAsPodman("4.3.1", false);

    AttemptStatus status = endedStatus("oom");

    assertThat(status.oomKilled()).isFalse();
    assertThat(status.error())
        .isEqualTo(
            "killed (exit 137): OOM not confirmable (Podman 4.3.1 (Docker API 1.41) does not"
                + " report OOM kills, and this host's kernel log cannot be read)");
  }

  private AttemptStatus endedStatus(String behaviour) {
    String handle = backend.launch(Specs.container("cfn-wave1-b1", "r1", "b1", behaviour), e -> {});
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> engine.inspect(handle).state() == ContainerState.EXITED);
    return backend.status(handle);
  }
}
