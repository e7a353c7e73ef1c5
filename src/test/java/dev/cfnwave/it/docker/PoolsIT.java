package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.engine.ContainerSummary;
import dev.cfnwave.it.support.RunTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pools on the real engine: two runs sharing a pool never run more of its attempts at once than its
 * limit, and a pool in front of a fake API that rate limits converges to what the API takes.
 */
class PoolsIT extends RunTestSupport {

  /**
   * A fake API that takes {@code most} callers at once: each caller leaves a file in a folder all
   * of them share, waits for the others to do the same, and exits 75 (rate limited) when it sees
   * more than {@code most} files.
   */
  private static String fakeApi(int most) {
    return "mkdir -p /workspace/api; f=/workspace/api/$(hostname); touch $f; sleep 2;"
        + " n=$(ls /workspace/api | wc -l); if [ $n -gt "
        + most
        + " ]; then rm -f $f; exit 75; fi; sleep 2; rm -f $f";
  }

  @AfterEach
  void removeTheTasksContainers() {
    for (ContainerSummary c : ENGINE.listByLabels(Map.of(CfnLabels.TASK_ID, runId))) {
      ENGINE.remove(c.id());
    }
  }

  @Test
  void twoRunsSharingAPoolOfThreeNeverRunMoreThanThreeOfItsAttempts() throws Exception {
    String[] ids = {runId + "a", runId + "b"};
    List<Process> runs = new ArrayList<>();
    List<EngineEvent> timeline;
    try (var events = EngineEvents.withLabel(CfnLabels.TASK_ID, runId)) {
      try {
        for (String id : ids) {
          Path plan =
              plan(
                  pooledPlan(
                      3,
                      "sleep 2",
                      id.endsWith("a")
                          ? new String[] {"a1", "a2", "a3", "a4"}
                          : new String[] {"b1", "b2", "b3", "b4"}));
          runs.add(startRun(id, runArguments(id, plan, "--stop-grace", "1", "--timeout", "300")));
        }
        for (int i = 0; i < runs.size(); i++) {
          assertThat(runs.get(i).waitFor(300, TimeUnit.SECONDS)).as("run " + ids[i]).isTrue();
        }
      } finally {
        runs.forEach(Process::destroyForcibly);
      }
      events.awaitCount("die", 8);
      timeline = events.all();
    }

    Set<String> live = new HashSet<>();
    for (EngineEvent event : timeline) {
      switch (event.action()) {
        case "start" -> live.add(event.label(CfnLabels.BATCH_ID));
        case "die" -> live.remove(event.label(CfnLabels.BATCH_ID));
        default -> {}
      }
      assertThat(live).as("running after " + event).hasSizeLessThanOrEqualTo(3);
    }
    for (int i = 0; i < runs.size(); i++) {
      assertThat(runs.get(i).exitValue()).as(errOf(ids[i])).isZero();
      JsonNode report = read(runFolder(ids[i]).resolve("report.json"));
      assertThat(report.get("metrics").get("succeeded").asInt()).isEqualTo(4);
    }
  }

  @Test
  void aPoolInFrontOfARateLimitingApiConvergesAndEveryBatchSucceedsWithoutRetries()
      throws Exception {
    Path plan = plan(pooledPlan(4, fakeApi(2), "c1", "c2", "c3", "c4", "c5", "c6"));

    CliRun result = run(plan, "--retries", "0", "--stop-grace", "1", "--timeout", "600");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).contains("rate limited").contains("pool api limit");
    JsonNode report = read(runFolder(runId).resolve("report.json"));
    assertThat(report.get("metrics").get("succeeded").asInt()).isEqualTo(6);
    for (JsonNode batch : report.get("batches")) {
      JsonNode attempts = batch.get("attempts");
      for (int i = 0; i < attempts.size() - 1; i++) {
        assertThat(attempts.get(i).get("exit_status").asText())
            .as("no retry used: every attempt but the last was rate limited")
            .isEqualTo("rate_limited");
      }
      assertThat(attempts.get(attempts.size() - 1).get("exit_status").asText())
          .isEqualTo("success");
    }
  }

  private String pooledPlan(int limit, String script, String... batchIds) {
    List<String> batches = new ArrayList<>();
    for (String id : batchIds) {
      String b = batch(id, 1, script);
      batches.add(b.substring(0, b.length() - 1) + ", \"uses\": [\"api\"]}");
    }
    String json = planJson(runId, wave(1, batches.toArray(String[]::new)));
    return "{\"pools\": {\"api\": " + limit + "}, " + json.substring(1);
  }

  private Process startRun(String id, String[] args) throws IOException {
    List<String> command =
        new ArrayList<>(List.of("env", "--default-signal=INT,HUP", "bin/cfn-wave"));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile());
    builder.environment().putAll(environment);
    builder.environment().remove("CFN_STDERR_IS_TTY");
    builder.redirectOutput(temp.resolve(id + ".out").toFile());
    builder.redirectError(temp.resolve(id + ".err").toFile());
    return builder.start();
  }

  private String errOf(String id) throws IOException {
    Path err = temp.resolve(id + ".err");
    return Files.exists(err) ? Files.readString(err) : "";
  }
}
