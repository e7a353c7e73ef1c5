package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.it.support.DockerTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Environment values reach the containers and nothing else: no output, no saved file. */
class SecretsIT extends DockerTestSupport {

  private static final String ON_COMMAND_LINE = "cmdline-s3cret-7f1c";
  private static final String IN_ENV_FILE = "file-s3cret-93ab";
  private static final String FROM_CALLER = "caller-s3cret-55d0";

  /** Each container prints a hash of the three values: proof they arrived, without them. */
  private static final String HASH_SECRETS =
      "printf %s \"$API_TOKEN|$DB_PASSWORD|$CALLER_TOKEN\" | sha256sum";

  @Test
  void secretsReachTheContainerButNoOutputOrSavedFile() throws Exception {
    Path secrets = Files.createDirectories(temp.resolve("secrets"));
    Path envFile =
        Files.writeString(secrets.resolve("agent.env"), "DB_PASSWORD=" + IN_ENV_FILE + "\n");
    environment.put("CALLER_TOKEN", FROM_CALLER);
    String hash = sha256(ON_COMMAND_LINE + "|" + IN_ENV_FILE + "|" + FROM_CALLER);
    var plan =
        plan(
            planJson(
                "t",
                wave(1, batch("ok", 1, HASH_SECRETS), batch("bad", 1, HASH_SECRETS + "; exit 1"))));
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
    assertThat(spawned.json().get("total_spawned").asInt()).isEqualTo(2);
    String id = spawned.json().get("containers").get(0).get("container_id").asText();
    try (var docker = DockerTestSupport.rawClient()) {
      assertThat(docker.inspectContainerCmd(id).exec().getConfig().getEnv())
          .contains(
              "API_TOKEN=" + ON_COMMAND_LINE,
              "DB_PASSWORD=" + IN_ENV_FILE,
              "CALLER_TOKEN=" + FROM_CALLER);
    }

    CliRun monitored = monitor(1, "--preserve-logs", "--verbose");
    runs.add(monitored);
    assertThat(monitored.exitCode()).as("one batch exits 1: " + monitored.err()).isEqualTo(1);
    assertThat(monitored.json().get("containers")).hasSize(2);

    CliRun cleaned =
        cfnWave(
            "cleanup",
            "--wave-number",
            "1",
            "--pattern",
            "*-" + runId,
            "--preserve-all-logs",
            "--verbose");
    runs.add(cleaned);
    assertThat(cleaned.exitCode()).as(cleaned.err()).isZero();
    assertThat(cleaned.json().get("containers_removed").asInt()).isEqualTo(2);
    assertThat(cleaned.json().get("logs_preserved").asInt()).isEqualTo(2);
    assertThat(containersOfThisRun()).isEmpty();

    String runRunId = runId + "r";
    CliRun ran;
    try {
      ran =
          cfnWave(
              "run",
              "--wave-plan",
              plan.toString(),
              "--workspace",
              workspace.toString(),
              "--run-id",
              runRunId,
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
              "0.5");
    } finally {
      ENGINE.listByLabels(Map.of(CfnLabels.RUN_ID, runRunId)).forEach(c -> ENGINE.remove(c.id()));
    }
    runs.add(ran);
    assertThat(ran.exitCode()).as("one batch exits 1: " + ran.err()).isEqualTo(1);
    assertThat(ran.json().get("batches")).hasSize(2);

    // the greps below have something to miss: each command spoke, each container's log holds the
    // hash of the values it was given, and every file the commands write is there
    Path runFolder = temp.resolve("runs/" + runRunId);
    List<Path> logs = new ArrayList<>();
    for (Path dir : List.of(temp.resolve("logs/container-logs"), runFolder.resolve("logs"))) {
      try (Stream<Path> files = Files.list(dir)) {
        logs.addAll(files.toList());
      }
    }
    assertThat(logs).hasSize(4).allSatisfy(log -> assertThat(read(log)).startsWith(hash));
    for (String file :
        List.of("wave1-spawned.json", "invocation.json", "journal.jsonl", "report.json")) {
      Path path = file.startsWith("wave") ? temp.resolve(file) : runFolder.resolve(file);
      assertThat(path).isNotEmptyFile();
    }
    assertThat(read(runFolder.resolve("invocation.json"))).contains("API_TOKEN");
    for (CliRun run : runs) {
      assertThat(run.out()).isNotBlank();
      assertThat(run.err()).as("--verbose logs").isNotBlank();
      assertThat(run.out() + run.err()).doesNotContain(ON_COMMAND_LINE, IN_ENV_FILE, FROM_CALLER);
    }
    List<Path> checked;
    try (Stream<Path> files = Files.walk(temp)) {
      checked =
          files.filter(Files::isRegularFile).filter(file -> !file.startsWith(secrets)).toList();
    }
    assertThat(checked).containsAll(logs);
    for (Path file : checked) {
      assertThat(read(file))
          .as(file.toString())
          .doesNotContain(ON_COMMAND_LINE, IN_ENV_FILE, FROM_CALLER);
    }
  }

  private static String sha256(String text) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest);
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
