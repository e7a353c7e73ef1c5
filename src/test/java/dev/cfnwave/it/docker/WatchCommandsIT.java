package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.it.support.FifoGate;
import dev.cfnwave.it.support.RunTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * runs, status and logs from another terminal while a real run goes on: the run is a child process,
 * its batch "talker" prints a line, waits at a gate the test opens, and prints another.
 */
class WatchCommandsIT extends RunTestSupport {

  private static final Duration AT_MOST = Duration.ofSeconds(90);

  @Test
  void aLiveRunIsSeenByRunsStatusAndLogs() throws Exception {
    try (FifoGate gate = FifoGate.in(workspace, "gate")) {
      String talker = "echo first-line; " + gate.script() + "; echo last-line";
      Path plan =
          plan(planJson("t", wave(1, batch("talker", 1, talker), batch("quick", 1, "echo quick"))));
      Process run = startChild(plan, "--preserve-all-logs");
      Process follower = null;
      try {
        gate.awaitWaiting(1, () -> !run.isAlive(), AT_MOST);
        assertThat(run.isAlive()).as(childErr()).isTrue();

        JsonNode listed = cfnWave("runs", "--runs-dir", runsDir().toString()).json();
        assertThat(listed.at("/runs/0/run_id").asText()).isEqualTo(runId);
        assertThat(listed.at("/runs/0/state").asText()).isEqualTo("running");

        // The container reaches the gate a moment before the run journals its start: until then
        // status rightly says "launching".
        await()
            .atMost(AT_MOST)
            .until(() -> "running".equals(talker(statusOf()).path("phase").asText()));
        CliRun status = statusOf();
        assertThat(status.exitCode()).as(status.err()).isZero();
        JsonNode talking = talker(status);
        assertThat(talking.isMissingNode()).as(status.out()).isFalse();
        assertThat(talking.path("phase").asText()).isEqualTo("running");
        assertThat(talking.path("engine_state").asText()).isEqualTo("running");
        assertThat(status.json().at("/engine/consulted").asBoolean()).isTrue();
        assertThat(status.err()).contains("run " + runId + " (task t) running").contains("talker");

        follower = startWatcher("follow", "logs", runId, "talker", "--follow");
        Process following = follower;
        await()
            .atMost(AT_MOST)
            .until(() -> output("follow").contains("first-line\n") || !following.isAlive());
        assertThat(follower.isAlive()).as("still following: " + errorOf("follow")).isTrue();
        assertThat(output("follow")).doesNotContain("last-line");

        gate.open();
        assertThat(follower.waitFor(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(follower.exitValue()).as(errorOf("follow")).isZero();
        assertThat(output("follow")).isEqualTo("first-line\nlast-line\n");

        assertThat(run.waitFor(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(childErr()).isZero();
      } finally {
        run.destroyForcibly();
        if (follower != null) {
          follower.destroyForcibly();
        }
      }
    }

    JsonNode listed = cfnWave("runs", "--runs-dir", runsDir().toString()).json();
    assertThat(listed.at("/runs/0/state").asText()).isEqualTo("finished");
    assertThat(listed.at("/runs/0/outcome").asText()).isEqualTo("succeeded");
    assertThat(listed.at("/runs/0/batches/success").asInt()).isEqualTo(2);

    CliRun saved = cfnWave("logs", runId, "talker", "--runs-dir", runsDir().toString());
    assertThat(saved.exitCode()).as(saved.err()).isZero();
    assertThat(saved.out()).isEqualTo("first-line\nlast-line\n");
    assertThat(saved.err()).as("the kept log, no engine needed").isEmpty();

    CliRun unknown = cfnWave("logs", runId, "nope", "--runs-dir", runsDir().toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.errLines())
        .containsExactly(
            "cfn-wave logs: error: BATCH nope: no such batch in run "
                + runId
                + "; its batches: talker, quick");
  }

  /**
   * bin/cfn-wave with this test's variables, its stdout and stderr in files named by {@code as}.
   */
  private Process startWatcher(String as, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bin/cfn-wave"));
    command.addAll(List.of(args));
    command.addAll(List.of("--runs-dir", runsDir().toString()));
    var builder = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile());
    builder.environment().putAll(environment);
    builder.redirectOutput(temp.resolve(as + ".out").toFile());
    builder.redirectError(temp.resolve(as + ".err").toFile());
    return builder.start();
  }

  private String output(String as) throws IOException {
    Path file = temp.resolve(as + ".out");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private String errorOf(String as) throws IOException {
    Path file = temp.resolve(as + ".err");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private CliRun statusOf() {
    return cfnWave("status", runId, "--runs-dir", runsDir().toString());
  }

  /** The talker's entry among the status's running attempts, else a missing node. */
  private static JsonNode talker(CliRun status) {
    for (JsonNode attempt : status.json().path("running")) {
      if (attempt.path("batch_id").asText().equals("talker")) {
        return attempt;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
