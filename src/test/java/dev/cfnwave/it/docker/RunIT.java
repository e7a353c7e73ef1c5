package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.engine.ContainerState;
import dev.cfnwave.engine.ContainerSummary;
import dev.cfnwave.it.support.RunTestSupport;
import dev.cfnwave.plan.MemorySize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunIT extends RunTestSupport {

  @Test
  void multiWaveRunSucceeds() throws Exception {
    var plan =
        plan(
            planJson(
                "t",
                wave(1, batch("a1", 1, "true"), batch("a2", 1, "sleep 1"), batch("a3", 1, "true")),
                wave(
                    2, batch("b1", 1, "true"), batch("b2", 1, "echo hi"), batch("b3", 1, "true"))));

    CliRun run = run(plan);

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    assertThat(containersOfThisRun()).isEmpty();
    JsonNode report = run.json();
    assertThat(report.get("run_id").asText()).isEqualTo(runId);
    assertThat(report.get("status").asText()).isEqualTo("succeeded");
    JsonNode metrics = report.get("metrics");
    assertThat(metrics.get("batches").asInt()).isEqualTo(6);
    assertThat(metrics.get("succeeded").asInt()).isEqualTo(6);
    assertThat(metrics.get("failed").asInt()).isZero();
    assertThat(metrics.get("attempts").asInt()).isEqualTo(6);
    for (JsonNode batch : report.get("batches")) {
      assertThat(batch.get("final_status").asText()).isEqualTo("success");
      JsonNode attempt = batch.get("attempts").get(0);
      assertThat(batch.get("attempts")).hasSize(1);
      assertThat(attempt.get("container_name").asText())
          .isEqualTo(
              "cfn-wave"
                  + batch.get("wave_number").asInt()
                  + "-"
                  + batch.get("batch_id").asText()
                  + "-"
                  + runId);
      assertThat(attempt.get("exit_code").asLong()).isZero();
      assertThat(attempt.get("exit_status").asText()).isEqualTo("success");
      assertThat(attempt.get("memory_limit").asText()).isEqualTo("512m");
    }
    assertThat(byBatch(report, "b2").get("wave_number").asInt()).isEqualTo(2);
    Path folder = runFolder(runId);
    assertThat(read(folder.resolve("report.json"))).isEqualTo(report);
    assertThat(folder.resolve("journal.jsonl")).isNotEmptyFile();
    for (int number : List.of(1, 2)) {
      JsonNode results = read(folder.resolve("wave-" + number + "-results.json"));
      assertThat(results.get("wave_number").asInt()).isEqualTo(number);
      assertThat(results.get("completion_status").asText()).isEqualTo("complete");
      assertThat(results.get("metrics").get("total").asInt()).isEqualTo(3);
      assertThat(results.get("metrics").get("success").asInt()).isEqualTo(3);
      assertThat(results.get("metrics").get("failed").asInt()).isZero();
      assertThat(results.get("containers")).hasSize(3);
      JsonNode first = results.get("containers").get(0);
      assertThat(fieldNames(first)).containsExactlyElementsOf(RESULT_FIELDS);
      assertThat(first.get("status").asText()).isEqualTo("exited");
      assertThat(first.get("exit_status").asText()).isEqualTo("success");
    }
  }

  @Test
  void stopsAtTheFirstWaveWithFailures() throws Exception {
    var plan = failingFirstWavePlan();
    CliRun run;
    List<EngineEvent> created;
    try (var events = EngineEvents.of(runId)) {
      run = run(plan);
      events.awaitCount("die", 2);
      created = events.withAction("create");
    }

    assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(1);
    JsonNode report = run.json();
    assertThat(report.get("status").asText()).isEqualTo("failed");
    assertThat(byBatch(report, "ok").get("final_status").asText()).isEqualTo("success");
    assertThat(byBatch(report, "broken").get("final_status").asText()).isEqualTo("failed");
    for (String later : List.of("later-1", "later-2")) {
      assertThat(byBatch(report, later).get("final_status").asText()).isEqualTo("not_started");
      assertThat(byBatch(report, later).get("attempts")).isEmpty();
    }
    assertThat(report.get("metrics").get("not_started").asInt()).isEqualTo(2);
    assertThat(created)
        .extracting(e -> e.label(CfnLabels.BATCH_ID))
        .containsExactlyInAnyOrder("ok", "broken");
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void keepGoingRunsTheRemainingWaves() {
    CliRun run = run(failingFirstWavePlan(), "--keep-going");

    assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(1);
    JsonNode report = run.json();
    assertThat(report.get("status").asText()).isEqualTo("failed");
    assertThat(byBatch(report, "broken").get("final_status").asText()).isEqualTo("failed");
    for (String later : List.of("later-1", "later-2")) {
      assertThat(byBatch(report, later).get("final_status").asText()).isEqualTo("success");
      assertThat(byBatch(report, later).get("attempts")).hasSize(1);
    }
    assertThat(report.get("metrics").get("succeeded").asInt()).isEqualTo(3);
    assertThat(report.get("metrics").get("not_started").asInt()).isZero();
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void retriesRerunOnlyTheFailedBatches() {
    String flaky =
        "if [ -f /workspace/seen-$BATCH_ID ]; then exit 0;"
            + " else touch /workspace/seen-$BATCH_ID; exit 5; fi";
    var plan =
        plan(
            planJson(
                "t",
                wave(1, batch("flaky", 1, flaky), batch("steady", 1, "true")),
                wave(2, batch("after", 1, "true"))));

    CliRun run = run(plan, "--retries", "2", "--backoff", "0.2");

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    JsonNode report = run.json();
    assertThat(report.get("status").asText()).isEqualTo("succeeded");
    assertThat(report.get("metrics").get("attempts").asInt()).isEqualTo(4);
    JsonNode attempts = byBatch(report, "flaky").get("attempts");
    assertThat(byBatch(report, "flaky").get("final_status").asText()).isEqualTo("success");
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).get("exit_code").asLong()).isEqualTo(5);
    assertThat(attempts.get(0).get("exit_status").asText()).isEqualTo("failed");
    assertThat(attempts.get(0).get("container_name").asText())
        .isEqualTo("cfn-wave1-flaky-" + runId);
    assertThat(attempts.get(1).get("attempt").asInt()).isEqualTo(2);
    assertThat(attempts.get(1).get("exit_code").asLong()).isZero();
    assertThat(attempts.get(1).get("exit_status").asText()).isEqualTo("success");
    assertThat(attempts.get(1).get("container_name").asText())
        .isEqualTo("cfn-wave1-flaky-" + runId + "-a2");
    assertThat(attempts.get(1).get("container_id").asText())
        .isNotEqualTo(attempts.get(0).get("container_id").asText());
    for (String other : List.of("steady", "after")) {
      assertThat(byBatch(report, other).get("attempts")).hasSize(1);
      assertThat(byBatch(report, other).get("final_status").asText()).isEqualTo("success");
    }
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void batchThatAlwaysFailsIsFailedAfterOnePlusRetriesAttempts() {
    var plan =
        plan(planJson("t", wave(1, batch("hopeless", 1, "exit 4"), batch("fine", 1, "true"))));

    CliRun run = run(plan, "--retries", "2", "--backoff", "0.2");

    assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(1);
    JsonNode hopeless = byBatch(run.json(), "hopeless");
    assertThat(hopeless.get("final_status").asText()).isEqualTo("failed");
    assertThat(hopeless.get("attempts")).hasSize(3);
    List<String> names = new ArrayList<>();
    for (JsonNode attempt : hopeless.get("attempts")) {
      assertThat(attempt.get("exit_code").asLong()).isEqualTo(4);
      assertThat(attempt.get("exit_status").asText()).isEqualTo("failed");
      names.add(attempt.get("container_name").asText());
    }
    String base = "cfn-wave1-hopeless-" + runId;
    assertThat(names).containsExactly(base, base + "-a2", base + "-a3");
    assertThat(byBatch(run.json(), "fine").get("attempts")).hasSize(1);
    assertThat(run.json().get("metrics").get("attempts").asInt()).isEqualTo(4);
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void escalateMemoryTurnsAnOomKillIntoSuccessOneTierUp() {
    environment.put("CFN_TIER_1_MEMORY", "16m");
    environment.put("CFN_TIER_2_MEMORY", "64m");
    // dd holds one 32 MiB buffer: killed by the OOM killer at 16m, done at 64m.
    var plan =
        plan(
            planJson(
                "t",
                wave(
                    1,
                    batch(
                        "hungry",
                        1,
                        "echo start; exec dd if=/dev/zero bs=32M count=1 of=/dev/null"))));

    CliRun run = run(plan, "--retries", "1", "--backoff", "0.2", "--escalate-memory");

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    JsonNode hungry = byBatch(run.json(), "hungry");
    assertThat(hungry.get("final_status").asText()).isEqualTo("success");
    JsonNode attempts = hungry.get("attempts");
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).get("exit_status").asText()).isEqualTo("oom_killed");
    assertThat(attempts.get(0).get("tier").asInt()).isEqualTo(1);
    assertThat(attempts.get(0).get("memory_limit").asText()).isEqualTo("16m");
    assertThat(attempts.get(1).get("exit_status").asText()).isEqualTo("success");
    assertThat(attempts.get(1).get("tier").asInt()).isEqualTo(2);
    assertThat(attempts.get(1).get("memory_limit").asText()).isEqualTo("64m");
    assertThat(attempts.get(1).get("container_name").asText()).endsWith("-a2");
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void budgetIsNeverExceededOnTheEnginesOwnTimeline() throws Exception {
    String[] batches = new String[8];
    for (int i = 0; i < batches.length; i++) {
      batches[i] = batch("b" + i, 1, "until [ -f /workspace/release ]; do sleep 0.1; done");
    }
    var plan = plan(planJson("t", wave(1, batches)));
    CliRun run;
    List<EngineEvent> timeline;
    try (var events = EngineEvents.of(runId)) {
      CompletableFuture<CliRun> running =
          CompletableFuture.supplyAsync(() -> run(plan, "--memory-budget", "1536m"));
      // The budget holds three 512m containers, and none ends before the release: the peak is
      // reached before any container ends.
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> running.isDone() || runningContainers() == 3);
        assertThat(running.isDone()).as("still running").isFalse();
      } finally {
        Files.createFile(workspace.resolve("release"));
      }
      run = running.get(120, TimeUnit.SECONDS);
      events.awaitCount("die", batches.length);
      timeline = events.all();
    }

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    long budget = MemorySize.parse("1536m").bytes();
    long inUse = 0;
    long peak = 0;
    for (EngineEvent event : timeline) {
      switch (event.action()) {
        case "start" -> inUse += limitOf(event);
        case "die" -> inUse -= limitOf(event);
        default -> {}
      }
      assertThat(inUse).as("in use after " + event).isLessThanOrEqualTo(budget);
      peak = Math.max(peak, inUse);
    }
    assertThat(timeline.stream().filter(e -> e.action().equals("start"))).hasSize(8);
    assertThat(peak).isEqualTo(budget);
    assertThat(run.json().get("peak_memory_reserved").asText()).isEqualTo("1536m");
  }

  @Test
  void continuousSchedulingStartsLaterWavesBeforeASlowWaveEnds() {
    var plan =
        plan(
            planJson(
                "t",
                wave(1, batch("slow", 1, "sleep 8"), batch("fast", 1, "sleep 1")),
                wave(2, batch("next-1", 1, "sleep 1"), batch("next-2", 1, "sleep 1"))));
    String wavesRunId = runId + "w";
    try {
      List<EngineEvent> continuous = timelineOf(runId, plan, "--schedule", "continuous");
      List<EngineEvent> waves = timelineOf(wavesRunId, plan, "--schedule", "waves");

      long slowEnd = timeOf(continuous, "die", "slow");
      assertThat(timeOf(continuous, "start", "next-1")).isLessThan(slowEnd);
      long slowEndInWaves = timeOf(waves, "die", "slow");
      assertThat(timeOf(waves, "start", "next-1")).isGreaterThan(slowEndInWaves);
      assertThat(timeOf(waves, "start", "next-2")).isGreaterThan(slowEndInWaves);
    } finally {
      removeContainersOf(wavesRunId);
    }
  }

  /**
   * hog (1g) holds the memory that big (1g) needs until the test releases it; small (512m) fits
   * beside hog. Backfilling, small starts and even ends while big waits; with --backfill-limit 0 it
   * waits behind big. The journal says which.
   */
  @ParameterizedTest(name = "--backfill-limit {0}")
  @ValueSource(strings = {"60", "0"})
  void aSmallBatchPassesABigOneWaitingForMemoryUnlessBackfillingIsOff(String limit)
      throws Exception {
    var plan =
        plan(
            planJson(
                "t",
                wave(
                    1,
                    batch("hog", 4, "until [ -f /workspace/release ]; do sleep 0.1; done"),
                    batch("big", 4, "true"),
                    batch("small", 1, "true"))));
    boolean backfilling = !limit.equals("0");
    CompletableFuture<CliRun> running =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    plan,
                    "--schedule",
                    "continuous",
                    "--memory-budget",
                    "1536m",
                    "--backfill-limit",
                    limit));
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  running.isDone()
                      || journalHas(
                          backfilling ? "batch_settled" : "attempt_started",
                          backfilling ? "small" : "hog"));
      assertThat(running.isDone()).as("still running").isFalse();
    } finally {
      Files.createFile(workspace.resolve("release"));
    }
    CliRun run = running.get(120, TimeUnit.SECONDS);

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    List<String> starts =
        journal("attempt_starting").stream().map(e -> e.path("batch_id").asText()).toList();
    List<String> ends =
        journal("attempt_ended").stream().map(e -> e.path("batch_id").asText()).toList();
    if (backfilling) {
      assertThat(starts).containsExactly("hog", "small", "big");
      assertThat(ends.indexOf("small"))
          .as("small ended while hog held big's memory")
          .isLessThan(ends.indexOf("hog"));
      assertThat(run.err())
          .contains("big (1g) waits for memory; smaller batches may pass it for up to 60s");
    } else {
      assertThat(starts).containsExactly("hog", "big", "small");
      assertThat(run.err()).doesNotContain("waits for memory");
    }
  }

  private boolean journalHas(String type, String batchId) throws IOException {
    return journal(type).stream().anyMatch(e -> batchId.equals(e.path("batch_id").asText()));
  }

  @Test
  void aSecondRunStartsTheBatchThatRanLongestInTheFirstFirst() {
    var plan =
        plan(
            planJson(
                "learned",
                wave(1, batch("short-1", 1, "true"), batch("short-2", 1, "true")),
                wave(2, batch("long", 1, "sleep 3"))));
    String secondRunId = runId + "b";
    String[] oneAtATime = {"--schedule", "continuous", "--memory-budget", "512m"};
    try {
      List<EngineEvent> first = timelineOf(runId, plan, 3, oneAtATime).events();
      Observed second = timelineOf(secondRunId, plan, 3, oneAtATime);

      assertThat(timeOf(first, "start", "long")).isGreaterThan(timeOf(first, "die", "short-2"));
      assertThat(timeOf(second.events(), "start", "long"))
          .isLessThan(timeOf(second.events(), "start", "short-1"));
      assertThat(second.run().err())
          .contains(
              "estimates: 3 batches from 1 earlier run (latest "
                  + runId
                  + "), 0 from the plan, 0 unknown");
    } finally {
      removeContainersOf(secondRunId);
    }
  }

  @Test
  void killMinusNineThenResumeGivesOneResultPerBatch() throws Exception {
    List<String> ids = List.of("b0", "b1", "b2", "b3", "b4", "b5");
    // Each container counts its start, then runs until the test writes its exit code.
    String script =
        "echo start >>/workspace/starts-$BATCH_ID;"
            + " until [ -f /workspace/exit-$BATCH_ID ]; do sleep 0.1; done;"
            + " exit $(cat /workspace/exit-$BATCH_ID)";
    var plan =
        plan(
            planJson(
                "t", wave(1, ids.stream().map(id -> batch(id, 1, script)).toArray(String[]::new))));
    CliRun resumed;
    List<EngineEvent> timeline;
    String ended;
    String reattached;
    try (var events = EngineEvents.of(runId)) {
      // Two 512m containers fit the budget at a time; --keep-going, so one failure stops nothing.
      Process child = startChild(plan, "--memory-budget", "1g", "--keep-going");
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    !child.isAlive()
                        || (runningContainers() == 2 && journal("attempt_started").size() == 2));
        assertThat(child.isAlive()).as(childErr()).isTrue();
        ProcessHandle handle = child.toHandle();
        child.destroyForcibly();
        assertThat(handle.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
      } finally {
        child.destroyForcibly();
      }
      List<String> running =
          containersOfThisRun().stream()
              .filter(c -> c.state() == ContainerState.RUNNING)
              .map(c -> c.labels().get(CfnLabels.BATCH_ID))
              .sorted()
              .toList();
      assertThat(running).as("left running by the killed run").hasSize(2);
      ended = running.get(0);
      reattached = running.get(1);

      // One ends (exit 3) while no orchestrator runs; the resume must collect it.
      exitWith(ended, 3);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> containerOf(ended).state() == ContainerState.EXITED);
      CliRun orphans = cfnWave("cleanup", "--orphans", "--dry-run");
      assertThat(orphans.exitCode()).as(orphans.err()).isZero();
      for (var container : containersOfThisRun()) {
        assertThat(orphans.err()).contains("would remove " + container.name());
      }
      for (String id : ids) {
        if (!running.contains(id)) {
          exitWith(id, 0);
        }
      }

      CompletableFuture<CliRun> resuming =
          CompletableFuture.supplyAsync(
              () -> cfnWave("run", "--resume", runId, "--runs-dir", runsDir().toString()));
      // The resume has listed the containers (the other one still running) and collected the
      // ended one: only now may the other one end, under the resumed orchestrator.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  resuming.isDone()
                      || journal("attempt_ended").stream()
                          .anyMatch(e -> ended.equals(e.get("batch_id").asText())));
      assertThat(resuming.isDone()).as("still waiting for " + reattached).isFalse();
      assertThat(containerOf(reattached).state()).isEqualTo(ContainerState.RUNNING);
      exitWith(reattached, 0);
      resumed = resuming.get(120, TimeUnit.SECONDS);
      events.awaitCount("destroy", ids.size());
      timeline = events.all();
    }

    assertThat(resumed.exitCode()).as(resumed.err() + resumed.out()).isEqualTo(1);
    JsonNode report = resumed.json();
    assertThat(report.get("status").asText()).isEqualTo("failed");
    assertThat(report.get("batches")).hasSize(ids.size());
    for (String id : ids) {
      JsonNode batch = byBatch(report, id);
      int code = id.equals(ended) ? 3 : 0;
      assertThat(batch.get("final_status").asText())
          .as(id)
          .isEqualTo(code == 0 ? "success" : "failed");
      assertThat(batch.get("attempts")).as(id).hasSize(1);
      assertThat(batch.get("attempts").get(0).get("exit_code").asLong()).as(id).isEqualTo(code);
      assertThat(linesOf("starts", id)).as("runs of " + id).isEqualTo(1);
    }
    assertThat(journal("attempt_ended"))
        .extracting(e -> e.get("batch_id").asText() + "=" + e.get("exit_code").asLong())
        .containsExactlyInAnyOrder(
            ids.stream().map(id -> id + "=" + (id.equals(ended) ? 3 : 0)).toArray(String[]::new));
    for (String action : List.of("create", "start")) {
      assertThat(timeline)
          .filteredOn(e -> e.action().equals(action))
          .extracting(e -> e.label(CfnLabels.BATCH_ID))
          .as("one %s per batch", action)
          .containsExactlyInAnyOrderElementsOf(ids);
    }
    assertThat(settlementsPerBatch())
        .containsOnlyKeys(ids)
        .allSatisfy((batch, count) -> assertThat(count).as(batch).isEqualTo(1));
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void sigintStopsEverythingAndWritesThePartialReport() throws Exception {
    var plan =
        plan(
            planJson(
                "t",
                wave(
                    1,
                    batch("long-1", 1, "echo started-long-1; sleep 60"),
                    batch("long-2", 1, "echo started-long-2; sleep 60"),
                    batch("long-3", 1, "echo started-long-3; sleep 60"))));
    Process child = startChild(plan, "--memory-budget", "1g", "--stop-grace", "1");
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> runningContainers() >= 2 || !child.isAlive());
      assertThat(child.isAlive()).as(childErr()).isTrue();

      new ProcessBuilder("kill", "-INT", String.valueOf(child.pid())).start().waitFor();

      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGINT").isTrue();
      assertThat(child.exitValue()).as(childErr()).isEqualTo(130);
    } finally {
      child.destroyForcibly();
    }
    assertThat(containersOfThisRun()).isEmpty();
    JsonNode report = read(runFolder(runId).resolve("report.json"));
    assertThat(report.get("status").asText()).isEqualTo("interrupted");
    assertThat(report.get("metrics").get("interrupted").asInt()).isEqualTo(2);
    assertThat(report.get("metrics").get("not_started").asInt()).isEqualTo(1);
    Path logs = runFolder(runId).resolve("logs");
    for (JsonNode batch : report.get("batches")) {
      String status = batch.get("final_status").asText();
      assertThat(status).isIn("interrupted", "not_started");
      if (status.equals("interrupted")) {
        String name = batch.get("attempts").get(0).get("container_name").asText();
        assertThat(logs.resolve(name + ".log"))
            .content()
            .contains("started-" + batch.get("batch_id").asText());
      }
    }
  }

  @Test
  void batchTimeoutStopsTheContainerAndKeepsItsLog() throws Exception {
    var plan = plan(planJson("t", wave(1, batch("stuck", 1, "echo started; sleep 60"))));

    CliRun run = run(plan, "--batch-timeout", "2", "--stop-grace", "1");

    assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(2);
    assertThat(run.json().get("status").asText()).isEqualTo("timeout");
    JsonNode stuck = byBatch(run.json(), "stuck");
    assertThat(stuck.get("final_status").asText()).isEqualTo("timeout");
    String name = stuck.get("attempts").get(0).get("container_name").asText();
    assertThat(runFolder(runId).resolve("logs").resolve(name + ".log"))
        .content()
        .contains("started");
    assertThat(containersOfThisRun()).isEmpty();
  }

  @Test
  void batchLargerThanTheBudgetIsAValidationError() {
    var plan =
        plan(planJson("t", wave(1, batch("small", 1, "true")), wave(2, batch("big", 1, "true"))));

    CliRun run = run(plan, "--memory-budget", "256m");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains(plan.toString())
        .contains("$.waves[0].batches[0]")
        .contains("256m");
    assertThat(runFolder(runId).resolve("report.json")).doesNotExist();
    assertThat(runFolder(runId).resolve("journal.jsonl")).doesNotExist();
    assertThat(containersOfThisRun()).isEmpty();
  }

  // --- helpers ---

  private Path failingFirstWavePlan() {
    return plan(
        planJson(
            "t",
            wave(1, batch("ok", 1, "true"), batch("broken", 1, "echo bad >&2; exit 3")),
            wave(2, batch("later-1", 1, "true"), batch("later-2", 1, "true"))));
  }

  /** Runs the plan under the given run id and returns the engine's events of that run. */
  private List<EngineEvent> timelineOf(String id, Path plan, String... extra) {
    try (var events = EngineEvents.of(id)) {
      CliRun run = cfnWave(runArguments(id, plan, extra));
      assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
      events.awaitCount("die", 4);
      return events.all();
    }
  }

  /** A run's output and the engine's events of its containers. */
  private record Observed(CliRun run, List<EngineEvent> events) {}

  private Observed timelineOf(String id, Path plan, int containers, String... extra) {
    try (var events = EngineEvents.of(id)) {
      CliRun run = cfnWave(runArguments(id, plan, extra));
      assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
      events.awaitCount("die", containers);
      return new Observed(run, events.all());
    }
  }

  /** Lets a batch's container end with this exit code (written whole before it can be read). */
  private ContainerSummary containerOf(String batchId) {
    return containersOfThisRun().stream()
        .filter(c -> batchId.equals(c.labels().get(CfnLabels.BATCH_ID)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container of batch " + batchId));
  }

  private static long limitOf(EngineEvent event) {
    return MemorySize.parse(event.label(CfnLabels.MEMORY_LIMIT)).bytes();
  }

  private static long timeOf(List<EngineEvent> timeline, String action, String batchId) {
    return timeline.stream()
        .filter(e -> e.action().equals(action) && batchId.equals(e.label(CfnLabels.BATCH_ID)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + action + " of " + batchId + ": " + timeline))
        .timeNano();
  }

  private static void removeContainersOf(String id) {
    for (ContainerSummary c : ENGINE.listByLabels(Map.of(CfnLabels.RUN_ID, id))) {
      ENGINE.remove(c.id());
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
