package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;

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
}
