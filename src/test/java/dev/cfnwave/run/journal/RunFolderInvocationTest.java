package dev.cfnwave.run.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cfnwave.ToolFailureException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderInvocationTest {

  @TempDir Path temp;

  @Test
  void invocationKeepsTheVariablesThatNameTheEngineForResume() throws Exception {
    Path plan = Files.writeString(temp.resolve("plan.json"), "{}");
    Map<String, String> environment =
        Map.of(
            "CFN_DOCKER_IMAGE", "agent:1",
            "DOCKER_CONTEXT", "manager",
            "DOCKER_CONFIG", "/home/me/.docker",
            "DOCKER_TLS_VERIFY", "1",
            "DOCKER_CERT_PATH", "/home/me/certs",
            "HOME", "/home/me",
            "API_TOKEN", "secret");

    RunFolder.create(temp.resolve("run"), plan, List.of("run"), environment);

    assertThat(RunFolder.invocation(temp.resolve("run")).environment())
        .containsOnlyKeys(
            "CFN_DOCKER_IMAGE",
            "DOCKER_CONTEXT",
            "DOCKER_CONFIG",
            "DOCKER_TLS_VERIFY",
            "DOCKER_CERT_PATH");
  }

  /** /dev/full fails every write with "No space left on device", as a full disk does. */
  @Test
  void aRunFolderOnAFullDiskIsAToolFailureNotBadInput() throws Exception {
    assumeTrue(Files.isWritable(Path.of("/dev/full")), "needs /dev/full");
    Path plan = Files.writeString(temp.resolve("plan.json"), "{}");
    Path run = Files.createDirectories(temp.resolve("run"));
    Files.createSymbolicLink(run.resolve("plan.json"), Path.of("/dev/full"));

    assertThatThrownBy(() -> RunFolder.create(run, plan, List.of("run"), Map.of()))
        .isInstanceOf(ToolFailureException.class)
        .hasMessageContaining("cannot create run folder " + run)
        .hasMessageContaining("No space left on device");
  }

  @Test
  void aRunFolderThatCouldNotBeCreatedIsNotLeftHalfMade() throws Exception {
    Path notAPlan = Files.createDirectories(temp.resolve("plan.json"));
    Path run = temp.resolve("runs").resolve("r1");

    assertThatThrownBy(() -> RunFolder.create(run, notAPlan, List.of("run"), Map.of()))
        .isInstanceOf(ToolFailureException.class);
    assertThat(run).doesNotExist();
  }
}
