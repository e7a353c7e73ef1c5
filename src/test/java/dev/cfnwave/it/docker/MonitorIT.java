package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.engine.ContainerState;
import dev.cfnwave.it.support.DockerTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorIT extends DockerTestSupport {

  @Test
  void successAndFailureAreClassifiedWithTheirExitCodes() {
    var plan =
        plan(
            planJson(
                "t",
                wave(
                    1,
                    batch("ok", 1, "echo done"),
                    batch("slow-ok", 1, "sleep 2"),
                    batch("broken", 1, "echo bad >&2; exit 3"))));
    assertThat(spawn(plan, 1).exitCode()).isZero();

    CliRun run = monitor(1, "--output", temp.resolve("results.json").toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    JsonNode results = run.json();
    assertThat(results.get("completion_status").asText()).isEqualTo("complete");
    assertThat(results.get("wave_number").asInt()).isEqualTo(1);
    JsonNode metrics = results.get("metrics");
    assertThat(metrics.get("total").asInt()).isEqualTo(3);
    assertThat(metrics.get("exited").asInt()).isEqualTo(3);
    assertThat(metrics.get("success").asInt()).isEqualTo(2);
    assertThat(metrics.get("failed").asInt()).isEqualTo(1);
    assertThat(metrics.get("running").asInt()).isZero();
    assertThat(metrics.get("timeout").asInt()).isZero();
    JsonNode broken = byBatch(results, "broken");
    assertThat(fieldNames(broken)).containsExactlyElementsOf(RESULT_FIELDS);
    assertThat(broken.get("status").asText()).isEqualTo("exited");
    assertThat(broken.get("exit_code").asLong()).isEqualTo(3);
    assertThat(broken.get("exit_status").asText()).isEqualTo("failed");
    assertThat(byBatch(results, "slow-ok").get("exit_status").asText()).isEqualTo("success");
    assertThat(byBatch(results, "slow-ok").get("completed_at").asText()).endsWith("Z");
    assertThat(run.errLines())
        .anyMatch(l -> l.matches(".*Running: \\d+, Completed: \\d+, Failed: \\d+, Timeout: \\d+"));
    assertThat(Files.exists(temp.resolve("results.json"))).isTrue();
  }

  @Test
  void allSucceededExitsZero() {
    var plan = plan(planJson("t", wave(1, batch("a", 1, "true"), batch("b", 2, "sleep 1"))));
    assertThat(spawn(plan, 1).exitCode()).isZero();

    CliRun run = monitor(1);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().get("metrics").get("success").asInt()).isEqualTo(2);
  }

  @Test
  void timeoutLeavesContainerRunning() {
    var plan =
        plan(planJson("t", wave(1, batch("quick", 1, "true"), batch("stuck", 1, "sleep 300"))));
    assertThat(spawn(plan, 1).exitCode()).isZero();

    CliRun run = monitor(1, "--timeout", "3");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.json().get("completion_status").asText()).isEqualTo("timeout");
    JsonNode stuck = byBatch(run.json(), "stuck");
    assertThat(stuck.get("exit_status").asText()).isEqualTo("timeout");
    assertThat(stuck.get("status").asText()).isEqualTo("running");
    assertThat(stuck.get("exit_code").isNull()).isTrue();
    assertThat(run.json().get("metrics").get("timeout").asInt()).isEqualTo(1);
    assertThat(run.json().get("metrics").get("running").asInt()).isEqualTo(1);
    assertThat(ENGINE.inspect(stuck.get("container_id").asText()).state())
        .isEqualTo(ContainerState.RUNNING);
  }

  @Test
  void containerKilledByTheOomKillerIsOomKilled() {
    environment.put("CFN_TIER_1_MEMORY", "16m");
    var plan = plan(planJson("t", wave(1, batch("hungry", 1, "echo start; tail /dev/zero"))));
    assertThat(spawn(plan, 1).exitCode()).isZero();

    CliRun run = monitor(1);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    JsonNode hungry = byBatch(run.json(), "hungry");
    assertThat(hungry.get("exit_status").asText()).isEqualTo("oom_killed");
    assertThat(hungry.get("exit_code").asLong()).isEqualTo(137);
    assertThat(run.json().get("metrics").get("failed").asInt()).isEqualTo(1);
  }

  @Test
  void anyManifestWithContainerIdsIsAcceptedAndMissingFieldsComeFromLabels() throws Exception {
    var plan = plan(planJson("t", wave(4, batch("labelled", 1, "exit 0"))));
    CliRun spawned = spawn(plan, 4);
    String shortId =
        spawned.json().get("containers").get(0).get("container_id").asText().substring(0, 12);
    Path bare =
        Files.writeString(
            temp.resolve("bare.json"),
            "{\"containers\": [{\"container_id\": \"" + shortId + "\"}]}");

    CliRun run = cfnWave("monitor", "--containers", bare.toString(), "--wave-number", "4");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode only = run.json().get("containers").get(0);
    assertThat(only.get("batch_id").asText()).isEqualTo("labelled");
    assertThat(only.get("container_id").asText()).startsWith(shortId);
    assertThat(run.json().get("wave_number").asInt()).isEqualTo(4);
  }

  @Test
  void waveNumberFiltersTheManifest() throws Exception {
    var plan =
        plan(planJson("t", wave(1, batch("w1", 1, "true")), wave(2, batch("w2", 1, "exit 1"))));
    String first = spawn(plan, 1).json().get("containers").get(0).get("container_id").asText();
    String second = spawn(plan, 2).json().get("containers").get(0).get("container_id").asText();
    Path both =
        Files.writeString(
            temp.resolve("both.json"),
            "{\"containers\": [{\"container_id\": \""
                + first
                + "\"}, {\"container_id\": \""
                + second
                + "\"}]}");

    CliRun run = cfnWave("monitor", "--containers", both.toString(), "--wave-number", "1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().get("containers")).hasSize(1);
  }

  @Test
  void preserveLogsKeepsEveryContainersOutput() throws Exception {
    var plan =
        plan(planJson("t", wave(1, batch("talker", 1, "echo hello-out; echo hello-err >&2"))));
    CliRun spawned = spawn(plan, 1);
    String name = spawned.json().get("containers").get(0).get("container_name").asText();

    CliRun run = monitor(1, "--preserve-logs");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Path log = temp.resolve("logs/container-logs/" + name + ".log");
    assertThat(Files.readString(log)).contains("hello-out").contains("hello-err");
  }

  @Test
  void failedSpawnEntriesAreReportedAsFailed() throws Exception {
    occupyName("cfn-wave1-tiny-" + runId);
    var plan = plan(planJson("t", wave(1, batch("fine", 1, "true"), batch("tiny", 1, "true"))));
    assertThat(spawn(plan, 1).exitCode()).isEqualTo(1);

    CliRun run = monitor(1);

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode tiny = byBatch(run.json(), "tiny");
    assertThat(tiny.get("status").asText()).isEqualTo("spawn_failed");
    assertThat(tiny.get("exit_status").asText()).isEqualTo("failed");
  }

  static JsonNode byBatch(JsonNode results, String batchId) {
    for (JsonNode c : results.get("containers")) {
      if (batchId.equals(c.get("batch_id").asText())) {
        return c;
      }
    }
    throw new AssertionError("no container for batch " + batchId + " in " + results);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
