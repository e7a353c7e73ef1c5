package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialHelperProcessTest {

  @TempDir Path bin;

  private void helper(String name, String script) throws IOException {
    Path file = bin.resolve("docker-credential-" + name);
    Files.writeString(file, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
  }

  private CredentialHelperProcess runner(Duration limit) {
    return new CredentialHelperProcess(
        Map.of("PATH", "/nowhere:" + bin + ":/usr/bin:/bin", "HELPER_SAYS", "hi"), limit);
  }

  @Test
  void theServerAddressGoesInAndTheAnswerComesOut() throws Exception {
    helper(
        "echoing",
        "read -r server; [ \"$1\" = get ] || exit 9;"
            + " printf '{\"ServerURL\":\"%s\",\"Username\":\"%s\",\"Secret\":\"x\"}' \"$server\""
            + " \"$HELPER_SAYS\"");
    RegistryCredentials.HelperAnswer answer =
        runner(Duration.ofSeconds(10)).get("echoing", "127.0.0.1:5000");
    assertThat(answer.exitCode()).isZero();
    assertThat(answer.output())
        .isEqualTo("{\"ServerURL\":\"127.0.0.1:5000\",\"Username\":\"hi\",\"Secret\":\"x\"}");
  }

  @Test
  void aFailureKeepsItsExitCodeAndOutput() throws Exception {
    helper("missing", "echo 'credentials not found in native keychain'; exit 1");
    RegistryCredentials.HelperAnswer answer = runner(Duration.ofSeconds(10)).get("missing", "h");
    assertThat(answer.exitCode()).isEqualTo(1);
    assertThat(answer.output()).contains("credentials not found");
  }

  @Test
  void aHelperNotOnPathIsNull() throws Exception {
    assertThat(runner(Duration.ofSeconds(10)).get("absent", "h")).isNull();
  }

  @Test
  void aHelperPastItsLimitIsKilled() throws Exception {
    helper("slow", "exec sleep 30");
    long started = System.nanoTime();
    assertThatThrownBy(() -> runner(Duration.ofMillis(300)).get("slow", "h"))
        .isInstanceOf(TimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }
}
