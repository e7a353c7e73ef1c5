package dev.cfnwave.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Environment values reach the containers and nothing else: no output, no saved file. */
class SecretsIT extends DockerTestSupport {

  private static final String ON_COMMAND_LINE = "cmdline-s3cret-7f1c";
  private static final String IN_ENV_FILE = "file-s3cret-93ab";
  private static final String FROM_CALLER = "caller-s3cret-55d0";

  @Test
  void secretsReachTheContainerButNoOutputOrSavedFile() throws Exception {
    Path secrets = Files.createDirectories(temp.resolve("secrets"));
    Path envFile =
        Files.writeString(secrets.resolve("agent.env"), "DB_PASSWORD=" + IN_ENV_FILE + "\n");
    environment.put("CALLER_TOKEN", FROM_CALLER);
    var plan =
        plan(planJson("t", wave(1, batch("ok", 1, "echo working"), batch("bad", 1, "exit 1"))));
    List<CliRun> runs = new ArrayList<>();

    CliRun spawned =
        spawn(
            plan,
            1,
            "--environment",
            "API_TOKEN=" + ON_COMMAND_LINE,
            "--env-file",
            envFile.toString(),
            "--environment",
            "CALLER_TOKEN",
            "--verbose");
    runs.add(spawned);
    assertThat(spawned.exitCode()).as(spawned.err()).isZero();
    String id = spawned.json().get("containers").get(0).get("container_id").asText();
    assertThat(SpawnIT.rawClient().inspectContainerCmd(id).exec().getConfig().getEnv())
        .contains(
            "API_TOKEN=" + ON_COMMAND_LINE,
            "DB_PASSWORD=" + IN_ENV_FILE,
            "CALLER_TOKEN=" + FROM_CALLER);
    runs.add(monitor(1, "--preserve-logs", "--verbose"));
    runs.add(
        cfnWave(
            "cleanup",
            "--wave-number",
            "1",
            "--pattern",
            "*-" + runId,
            "--preserve-all-logs",
            "--verbose"));
    runs.add(
        cfnWave(
            "run",
            "--wave-plan",
            plan.toString(),
            "--workspace",
            workspace.toString(),
            "--run-id",
            runId + "r",
            "--runs-dir",
            temp.resolve("runs").toString(),
            "--environment",
            "API_TOKEN=" + ON_COMMAND_LINE,
            "--environment",
            "CALLER_TOKEN",
            "--env-file",
            envFile.toString(),
            "--preserve-all-logs",
            "--verbose",
            "--poll-interval",
            "0.5"));

    ENGINE
        .listByLabels(java.util.Map.of("cfn.run.id", runId + "r"))
        .forEach(c -> ENGINE.remove(c.id()));
    for (CliRun run : runs) {
      assertThat(run.out() + run.err()).doesNotContain(ON_COMMAND_LINE, IN_ENV_FILE, FROM_CALLER);
    }
    try (Stream<Path> files = Files.walk(temp)) {
      files
          .filter(Files::isRegularFile)
          .filter(file -> !file.startsWith(secrets))
          .forEach(
              file ->
                  assertThat(read(file))
                      .as(file.toString())
                      .doesNotContain(ON_COMMAND_LINE, IN_ENV_FILE, FROM_CALLER));
    }
    assertThat(read(temp.resolve("runs/" + runId + "r/invocation.json"))).contains("API_TOKEN");
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
