package dev.cfnwave.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.it.support.EngineProxy;
import dev.cfnwave.it.support.RunTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.ListAssert;
import org.junit.jupiter.api.Test;

/**
 * The engine wedges under a running {@code cfn-wave run} as Docker 20.10's libnetwork deadlock
 * wedges it (moby/moby#46661): it answers its ping and container lists, but no call on a container.
 * The run names the engine in one line and stops with the tool-failure exit code, blaming no batch,
 * its reports written and saying so; once the engine answers again, {@code --resume} settles every
 * batch once.
 */
class EngineWedgeIT extends RunTestSupport {

  private static final int BATCHES = 6;
  private static final int TOOL_FAILURE = 3;
  private static final String WEDGED =
      "the engine stopped answering container calls: a known Docker 20.10 deadlock if its version"
          + " is below 20.10.27 (moby/moby#46661)";

  @Test
  void aWedgedEngineStopsTheRunWithoutBlamingABatchAndResumeSettlesEachOnce() throws Exception {
    environment.put("CFN_ENGINE_TIMEOUT", "3");
    environment.put("CFN_TIER_1_MEMORY", "16m");
    // Two run at a time (the budget); each waits for the go file, so both are running when the
    // engine wedges, and end during the wedge.
    String script =
        "touch /workspace/first-$BATCH_ID; while [ ! -e /workspace/go ]; do sleep 0.2; done";
    String[] batches =
        IntStream.range(0, BATCHES).mapToObj(i -> batch("b" + i, 1, script)).toArray(String[]::new);
    Path plan = plan(planJson("t", wave(1, batches)));
    try (EngineProxy proxy = EngineProxy.at(temp.resolve("engine.sock"))) {
      environment.put("DOCKER_HOST", proxy.dockerHost());
      Process child = startChild(plan, "--parallel", "2", "--memory-budget", "32m");
      EngineProxy.Wedge wedge;
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> firstStarts() == 2 || !child.isAlive());
        assertThat(child.isAlive()).as(childErr()).isTrue();
        wedge = proxy.wedgeContainerCalls();
        Files.createFile(workspace.resolve("go"));
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the run stopped").isTrue();
      } finally {
        child.destroyForcibly();
      }
      String err = childErr();
      assertThat(wedge.held()).as("container calls were held").isPositive();
      assertThat(child.exitValue()).as(err).isEqualTo(TOOL_FAILURE);
      List<String> named =
          err.lines().filter(l -> l.contains("the engine stopped answering")).toList();
      assertThat(named)
          .as(err)
          .containsExactly(
              "cfn-wave run: error: the engine stopped answering container calls: a known Docker"
                  + " 20.10 deadlock if its version is below 20.10.27 (moby/moby#46661); restart"
                  + " dockerd, then `cfn-wave run --resume "
                  + runId
                  + " --runs-dir "
                  + runsDir()
                  + "`");
      assertThat(journal("attempt_ended")).as("no attempt was blamed for the engine").isEmpty();
      assertThat(journal("batch_settled")).as("no batch was settled").isEmpty();
      assertThat(journal("attempt_starting"))
          .as("nothing was launched after the two that ran")
          .hasSize(2);
      assertThat(journal("run_finished")).isEmpty();
      Path folder = runsDir().resolve(runId);
      assertThat(read(folder.resolve("report.json")).get("status").asText())
          .as("report.json says the run stopped on a tool failure")
          .isEqualTo("tool_failure");
      assertThat(Files.readString(folder.resolve("summary.md")))
          .contains("tool_failure")
          .contains("the run is resumable with `cfn-wave run --resume " + runId + "`");
      assertThat(Files.readString(folder.resolve("junit.xml"))).contains("tool_failure");
      assertThat(Files.readString(folder.resolve("report.html"))).contains("tool_failure");

      wedge.letGo();
      CliRun resumed =
          cfnWave(
              "run",
              "--resume",
              runId,
              "--runs-dir",
              runsDir().toString(),
              "--output",
              temp.resolve("report.json").toString());
      assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    }
    JsonNode report = read(temp.resolve("report.json"));
    assertThat(report.get("batches")).hasSize(BATCHES);
    for (JsonNode batch : report.get("batches")) {
      String id = batch.get("batch_id").asText();
      assertThat(batch.get("final_status").asText()).as(batch.toString()).isEqualTo("success");
      assertThat(batch.get("attempts")).as(id + ": one attempt, none blamed").hasSize(1);
    }
    assertThat(settlementsPerBatch())
        .hasSize(BATCHES)
        .allSatisfy((batch, settled) -> assertThat(settled).as(batch).isEqualTo(1));
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void spawnAndMonitorOnAWedgedEngineSayItInOneLineInsteadOfAnErrorPerContainer() throws Exception {
    environment.put("CFN_ENGINE_TIMEOUT", "3");
    environment.put("CFN_TIER_1_MEMORY", "16m");
    String script = "while [ ! -e /workspace/go ]; do sleep 0.2; done";
    Path plan =
        plan(
            planJson(
                "t",
                wave(1, batch("w1a", 1, script), batch("w1b", 1, script)),
                wave(2, batch("w2a", 1, script), batch("w2b", 1, script))));
    try (EngineProxy proxy = EngineProxy.at(temp.resolve("engine.sock"))) {
      environment.put("DOCKER_HOST", proxy.dockerHost());
      CliRun first = spawn(plan, 1);
      assertThat(first.exitCode()).as(first.err()).isZero();
      EngineProxy.Wedge wedge = proxy.wedgeContainerCalls();

      CliRun second = spawn(plan, 2);
      namedTheWedgedEngine(second, "spawn").noneMatch(l -> l.contains("failed to spawn"));

      Files.createFile(workspace.resolve("go"));
      CliRun monitored = monitor(1, "--timeout", "120");
      namedTheWedgedEngine(monitored, "monitor");
      assertThat(wedge.held()).isPositive();
      wedge.letGo();
    }
    assertThat(containersOfThisRun())
        .as("the held creates of wave 2 never reached the engine")
        .hasSize(2);
  }

  @Test
  void cleanupOfOneContainerOnAWedgedEngineSaysItInOneLineInsteadOfAnError() throws Exception {
    // One removal is one timeout: too few for the streak rule, enough for the probe.
    cleanupOfOneContainerOnAWedgedEngine("true", "--no-preserve-failed-logs");
  }

  @Test
  void cleanupOfOneFailedContainerWhoseLogIsKeptOnAWedgedEngineSaysItInOneLineInsteadOfHanging()
      throws Exception {
    // The log request comes first, and is held as every container call is.
    cleanupOfOneContainerOnAWedgedEngine("exit 3");
  }

  private void cleanupOfOneContainerOnAWedgedEngine(String script, String... options)
      throws Exception {
    environment.put("CFN_ENGINE_TIMEOUT", "3");
    environment.put("CFN_TIER_1_MEMORY", "16m");
    Path plan = plan(planJson("t", wave(1, batch("only", 1, script))));
    try (EngineProxy proxy = EngineProxy.at(temp.resolve("engine.sock"))) {
      environment.put("DOCKER_HOST", proxy.dockerHost());
      CliRun spawned = spawn(plan, 1);
      assertThat(spawned.exitCode()).as(spawned.err()).isZero();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> containersOfThisRun().stream().allMatch(c -> c.state().isFinished()));
      EngineProxy.Wedge wedge = proxy.wedgeContainerCalls();

      List<String> cleanup =
          Stream.concat(
                  Stream.of("cleanup", "--wave-number", "1", "--pattern", "*-" + runId),
                  Stream.of(options))
              .toList();
      CliRun cleaned = cfnWave(cleanup.toArray(String[]::new));
      namedTheWedgedEngine(cleaned, "cleanup").noneMatch(l -> l.contains("could not"));
      assertThat(wedge.held()).isPositive();
      wedge.letGo();
    }
    assertThat(containersOfThisRun()).as("the held calls never reached the engine").hasSize(1);
  }

  /** The command exited 3 with no document and named the wedged engine in one line. */
  private static ListAssert<String> namedTheWedgedEngine(CliRun run, String command) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(TOOL_FAILURE);
    assertThat(run.out()).as("no document").isEmpty();
    return assertThat(run.errLines())
        .as(run.err())
        .containsOnlyOnce("cfn-wave " + command + ": error: " + WEDGED + "; restart dockerd");
  }

  private long firstStarts() throws IOException {
    try (Stream<Path> files = Files.list(workspace)) {
      return files.filter(f -> f.getFileName().toString().startsWith("first-")).count();
    }
  }
}
