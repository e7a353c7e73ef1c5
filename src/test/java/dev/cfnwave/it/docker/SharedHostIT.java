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
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One host, one engine, several pipelines, a disk that fills: two runs share the engine's budget,
 * cleanup by wave number does not remove another task's running wave, and a run folder that fills
 * up mid-run ends the run with exit 3 and a resumable journal.
 */
class SharedHostIT extends RunTestSupport {

  private static final long BUDGET = MemorySize.parse("1536m").bytes();
  private static final String GATED = "until [ -f /workspace/release ]; do sleep 0.1; done";

  /** Containers of this test that carry the test's task id (runs with their own run ids). */
  @AfterEach
  void removeTheTasksContainers() {
    for (ContainerSummary c : ENGINE.listByLabels(Map.of(CfnLabels.TASK_ID, runId))) {
      ENGINE.remove(c.id());
    }
  }

  @Test
  void twoRunsOnOneEngineNeverHoldMoreThanItsBudgetTogether() throws Exception {
    // The engine's budget (its memory minus the reserve) holds three 512m containers: each run's
    // three fit alone, six do not.
    long total = ENGINE.info().totalMemoryBytes();
    String reserve = (total - BUDGET) / 1024 + "k";
    String[] ids = {runId + "a", runId + "b"};
    List<Process> runs = new ArrayList<>();
    List<EngineEvent> timeline;
    try (var events = EngineEvents.withLabel(CfnLabels.TASK_ID, runId)) {
      try {
        for (String id : ids) {
          Path plan =
              plan(
                  planJson(
                      runId,
                      wave(
                          1, batch("x1", 1, GATED), batch("x2", 1, GATED), batch("x3", 1, GATED))));
          runs.add(
              startRun(
                  id,
                  runArguments(
                      id,
                      plan,
                      "--memory-reserve",
                      reserve,
                      "--stop-grace",
                      "1",
                      "--timeout",
                      "120")));
        }
        // Both runs admitted what they could (each printed progress after admitting, and no launch
        // is in flight), and the engine holds its budget.
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    runs.stream().anyMatch(p -> !p.isAlive())
                        || (runningLimits() >= BUDGET
                            && allAdmitted(ids[0])
                            && allAdmitted(ids[1])));
        assertThat(runs).as(errOf(ids[0]) + errOf(ids[1])).allMatch(Process::isAlive);
      } finally {
        Files.createFile(workspace.resolve("release"));
      }
      for (int i = 0; i < runs.size(); i++) {
        assertThat(runs.get(i).waitFor(120, TimeUnit.SECONDS)).as("run " + ids[i]).isTrue();
      }
      events.awaitCount("die", 6);
      timeline = events.all();
    } finally {
      runs.forEach(Process::destroyForcibly);
    }

    long inUse = 0;
    for (EngineEvent event : timeline) {
      switch (event.action()) {
        case "start" -> inUse += MemorySize.parse(event.label(CfnLabels.MEMORY_LIMIT)).bytes();
        case "die" -> inUse -= MemorySize.parse(event.label(CfnLabels.MEMORY_LIMIT)).bytes();
        default -> {}
      }
      assertThat(inUse).as("held after " + event).isLessThanOrEqualTo(BUDGET);
    }
    long othersSeen = 0;
    for (int i = 0; i < runs.size(); i++) {
      String id = ids[i];
      assertThat(runs.get(i).exitValue()).as(errOf(id)).isZero();
      JsonNode report = read(runFolder(id).resolve("report.json"));
      assertThat(report.get("metrics").get("succeeded").asInt()).as(id).isEqualTo(3);
      assertThat(settlements(id)).containsOnlyKeys("x1", "x2", "x3").containsValues(1L);
      String others = report.get("peak_memory_held_by_others").asText();
      othersSeen += others.equals("0") ? 0 : MemorySize.parse(others).bytes();
    }
    assertThat(othersSeen).as("one run saw the other's memory").isPositive();
  }

  @Test
  void cleanupByWaveNumberRefusesToRemoveAnotherTasksRunningWave() throws Exception {
    int wave = 77;
    Path running = plan(planJson(runId, wave(wave, batch("held", 1, GATED))));
    Path ended = plan(planJson(runId + "-other", wave(wave, batch("done", 1, "true"))));
    assertThat(spawn(running, wave).exitCode()).isZero();
    assertThat(spawn(ended, wave).exitCode()).isZero();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  containersOfThisRun().stream()
                      .map(ContainerSummary::state)
                      .sorted()
                      .toList()
                      .equals(List.of(ContainerState.RUNNING, ContainerState.EXITED)));

      CliRun refused = cfnWave("cleanup", "--wave-number", String.valueOf(wave));

      assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
      assertThat(refused.err())
          .contains(runId + " (1 container, 1 running)")
          .contains(runId + "-other (1 container, 0 running)")
          .contains("--all-tasks");
      assertThat(refused.out()).isEmpty();
      assertThat(containersOfThisRun()).hasSize(2);

      CliRun all = cfnWave("cleanup", "--wave-number", String.valueOf(wave), "--all-tasks");

      assertThat(all.exitCode()).as(all.err()).isZero();
      assertThat(all.json().get("containers_removed").asInt()).isEqualTo(2);
      assertThat(containersOfThisRun()).isEmpty();
    } finally {
      Files.createFile(workspace.resolve("release"));
    }
  }

  @Test
  void aRunFolderThatFillsUpExitsThreeAndTheResumeSettlesEveryBatchOnce() throws Exception {
    Path disk = Files.createDirectories(temp.resolve("disk"));
    mount(disk);
    try {
      Path runs = disk.resolve("runs");
      // Wave 2's many small batches need more journal than one page of the full tmpfs holds.
      List<String> small = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        small.add(batch("s" + i, 2, "true"));
      }
      Path plan =
          plan(
              planJson(
                  runId,
                  wave(1, batch("g1", 1, GATED), batch("g2", 1, GATED)),
                  wave(2, small.toArray(String[]::new))));
      environment.put("CFN_TIER_2_MEMORY", "64m");
      String[] args =
          replaceRunsDir(
              runArguments(runId, plan, "--memory-budget", "1g", "--stop-grace", "1"), runs);
      Process child = startRun(runId, args);
      Path filler = disk.resolve("filler");
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> !child.isAlive() || journalOf(runs, "attempt_started") == 2);
        assertThat(child.isAlive()).as(errOf(runId)).isTrue();
        fill(filler);
        Files.createFile(workspace.resolve("release"));
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("stopped").isTrue();
      } finally {
        child.destroyForcibly();
      }
      assertThat(child.exitValue()).as(errOf(runId)).isEqualTo(3);
      assertThat(errOf(runId)).contains("cannot write the run's journal");
      String startedAt = firstRunStarted(runs);

      Files.delete(filler);
      CliRun resumed = cfnWave("run", "--resume", runId, "--runs-dir", runs.toString());

      assertThat(resumed.exitCode()).as(resumed.err()).isZero();
      JsonNode report = resumed.json();
      assertThat(report.get("metrics").get("succeeded").asInt()).isEqualTo(14);
      assertThat(report.get("started_at").asText()).isEqualTo(startedAt);
      assertThat(report.get("peak_memory_reserved").asText()).isEqualTo("1g");
      Map<String, Long> settled =
          Files.readAllLines(runs.resolve(runId).resolve("journal.jsonl")).stream()
              .map(RunTestSupport::readLine)
              .filter(e -> e.path("type").asText().equals("batch_settled"))
              .collect(
                  java.util.stream.Collectors.groupingBy(
                      e -> e.get("batch_id").asText(), java.util.stream.Collectors.counting()));
      assertThat(settled).hasSize(14).allSatisfy((b, n) -> assertThat(n).as(b).isEqualTo(1));
      assertThat(containersOfThisRun()).isEmpty();
    } finally {
      new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor();
    }
  }

  private static void mount(Path disk) throws Exception {
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", disk.toString())
            .inheritIO()
            .start();
    assertThat(mount.waitFor()).as("mount tmpfs on " + disk).isZero();
  }

  /** Writes until the file system says it is full. */
  private static void fill(Path filler) {
    byte[] chunk = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(chunk);
        out.flush();
      }
    } catch (IOException full) {
      // the disk is full now
    }
  }

  private static String[] replaceRunsDir(String[] args, Path runs) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--runs-dir")) {
        args[i + 1] = runs.toString();
      }
    }
    return args;
  }

  private long journalOf(Path runs, String type) throws IOException {
    Path file = runs.resolve(runId).resolve("journal.jsonl");
    if (!Files.exists(file)) {
      return 0;
    }
    String text = Files.readString(file);
    return text.substring(0, text.lastIndexOf('\n') + 1)
        .lines()
        .map(RunTestSupport::readLine)
        .filter(e -> e.path("type").asText().equals(type))
        .count();
  }

  private String firstRunStarted(Path runs) throws IOException {
    String first = Files.readAllLines(runs.resolve(runId).resolve("journal.jsonl")).get(0);
    JsonNode entry = readLine(first);
    assertThat(entry.get("type").asText()).isEqualTo("run_started");
    return java.time.Instant.parse(entry.get("at").asText())
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        .toString();
  }

  /** The memory limits of this test's running containers, from their labels. */
  private long runningLimits() {
    return ENGINE.listByLabels(Map.of(CfnLabels.TASK_ID, runId)).stream()
        .filter(c -> c.state() == ContainerState.RUNNING)
        .mapToLong(c -> MemorySize.parse(c.labels().get(CfnLabels.MEMORY_LIMIT)).bytes())
        .sum();
  }

  /** The run printed progress after admitting, and every launch it began has ended. */
  private boolean allAdmitted(String id) throws IOException {
    if (!errOf(id).contains("| others hold ")) {
      return false;
    }
    Path file = runFolder(id).resolve("journal.jsonl");
    if (!Files.exists(file)) {
      return false;
    }
    String text = Files.readString(file);
    List<String> types =
        text.substring(0, text.lastIndexOf('\n') + 1)
            .lines()
            .map(l -> readLine(l).path("type").asText())
            .toList();
    return types.stream().filter("attempt_starting"::equals).count()
        == types.stream().filter("attempt_started"::equals).count();
  }

  private Map<String, Long> settlements(String id) throws IOException {
    return Files.readAllLines(runFolder(id).resolve("journal.jsonl")).stream()
        .map(RunTestSupport::readLine)
        .filter(e -> e.path("type").asText().equals("batch_settled"))
        .collect(
            java.util.stream.Collectors.groupingBy(
                e -> e.get("batch_id").asText(), java.util.stream.Collectors.counting()));
  }

  /** bin/cfn-wave with these arguments as a child process, its output in files named by id. */
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
