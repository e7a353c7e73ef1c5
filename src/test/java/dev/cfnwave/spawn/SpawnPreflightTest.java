package dev.cfnwave.spawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.InputException;
import dev.cfnwave.engine.DockerEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpawnPreflightTest {

  @TempDir Path dir;

  @Test
  void aFolderHoldingDockerHostsUnixSocketIsRefused() throws Exception {
    Path engines = Files.createDirectories(dir.resolve("engines"));
    Files.createFile(engines.resolve("engine.sock"));

    assertThatThrownBy(
            () ->
                SpawnPreflight.realWorkspace(
                    dir, false, Optional.of(engines.resolve("engine.sock"))))
        .isInstanceOf(InputException.class)
        .hasMessage(
            "--workspace "
                + dir
                + ": holds the Docker socket "
                + engines.resolve("engine.sock").toRealPath()
                + ", refused (--allow-sensitive-mounts)");
  }

  @Test
  void aFolderHoldingDockerHostsSocketIsMountedWhenAllowed() throws Exception {
    Files.createFile(dir.resolve("engine.sock"));

    assertThat(SpawnPreflight.realWorkspace(dir, true, Optional.of(dir.resolve("engine.sock"))))
        .isEqualTo(dir.toRealPath());
  }

  @Test
  void aTcpEngineRefusesNothingMore() throws Exception {
    Files.createFile(dir.resolve("engine.sock"));

    assertThat(SpawnPreflight.realWorkspace(dir, false, Optional.empty()))
        .isEqualTo(dir.toRealPath());
  }

  @Test
  void theSelectedEnginesSocketComesFromTheCommandsEnvironment() {
    assertThat(DockerEngine.unixSocket(Map.of("DOCKER_HOST", "unix:///srv/engines/a.sock")))
        .contains(Path.of("/srv/engines/a.sock"));
    assertThat(DockerEngine.unixSocket(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2376"))).isEmpty();
  }
}
