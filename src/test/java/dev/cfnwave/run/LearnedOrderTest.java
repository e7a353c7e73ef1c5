package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cfnwave.attempt.LogPolicy;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.PlanReader;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.Json;
import dev.cfnwave.run.admission.Schedule;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.run.journal.RunStatus;
import dev.cfnwave.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A skewed plan without expected_seconds, run twice in one runs folder under the continuous
 * schedule, one batch at a time: the first run goes in plan order and the long batch comes last;
 * the second learns from the first and starts the long batch first.
 */
class LearnedOrderTest {

  private static final TierTable TIERS =
      TierTable.fromEnvironment(Map.of("CFN_TIER_1_MEMORY", "100m"));

  /** Each batch's running time in the first run. */
  private static final Map<String, Duration> RUNNING =
      Map.of(
          "short1", Duration.ofSeconds(2),
          "short2", Duration.ofSeconds(3),
          "long", Duration.ofSeconds(60));

  @TempDir Path scratch;

  /** The engine's clock: attempts run exactly as long as the test says. */
  private final ManualClock engineTime = new ManualClock();

  private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
  private final Cancellation cancellation = new Cancellation();
  private final List<String> notes = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    cancellation.request(15);
    background.close();
  }

  @Test
  void theSecondRunOfASkewedPlanStartsTheBatchThatRanLongestFirst() throws Exception {
    Path runs = Files.createDirectories(scratch.resolve("runs"));
    WavePlan plan = plan();

    List<String> first = runOnce(plan, runs.resolve("first"));
    List<String> second = runOnce(plan, runs.resolve("second"));

    assertThat(first).containsExactly("short1", "short2", "long");
    assertThat(second).containsExactly("long", "short2", "short1");
    assertThat(notes)
        .containsSubsequence(
            "estimates: 0 batches from earlier runs, 0 from the plan, 3 unknown",
            "estimates: 3 batches from 1 earlier run (latest first), 0 from the plan, 0 unknown");
  }

  /** The plan as a user writes it, read back as run reads it. */
  private WavePlan plan() throws Exception {
    Path file = scratch.resolve("plan.json");
    Json.writeFile(
        Map.of(
            "task_id",
            "skewed",
            "waves",
            List.of(
                Map.of(
                    "wave_number",
                    1,
                    "batches",
                    List.of(
                        Map.of("batch_id", "short1", "tier", 1, "task_prompt", "hold"),
                        Map.of("batch_id", "short2", "tier", 1, "task_prompt", "hold"))),
                Map.of(
                    "wave_number",
                    2,
                    "batches",
                    List.of(Map.of("batch_id", "long", "tier", 1, "task_prompt", "hold"))))),
        file);
    return new PlanReader(TIERS, w -> {}).read(file);
  }

  /**
   * One run in its own folder (created as the CLI does), one batch at a time: each batch runs for
   * its time on the engine's clock, then exits 0.
   *
   * @return the batches in the order they started
   */
  private List<String> runOnce(WavePlan plan, Path runDirectory) {
    RunFolder.create(runDirectory, scratch.resolve("plan.json"), List.of("run"), Map.of());
    InMemoryBackend backend = new InMemoryBackend(engineTime);
    RunSettings settings =
        RunSettings.builder(
                new SpawnSettings(
                    "fake:latest",
                    null,
                    null,
                    Map.of(),
                    4,
                    runDirectory.getFileName().toString(),
                    false,
                    ContainerSecurity.DEFAULT),
                runDirectory)
            .schedule(Schedule.CONTINUOUS)
            .memoryBudget(MemorySize.parse("100m"))
            .waveTimeout(Duration.ofMinutes(10))
            .stopGrace(Duration.ZERO)
            .pollInterval(Duration.ofMillis(50))
            .retries(0, Set.of(ExitStatus.FAILED), Duration.ofMillis(10))
            .logs(LogPolicy.FAILED, 1 << 20)
            .learnDurationsFrom(runDirectory.getParent())
            .build();
    WaveListener listener =
        event -> {
          if (event instanceof WaveEvent.Note note && note.level() == WaveEvent.Level.INFO) {
            notes.add(note.message());
          }
        };
    CompletableFuture<RunOutcome> outcome =
        CompletableFuture.supplyAsync(
            () -> new RunOrchestrator(backend, listener, TIERS, cancellation).run(plan, settings),
            background);
    List<String> started = new ArrayList<>();
    for (int i = 0; i < RUNNING.size(); i++) {
      await().until(() -> backend.runningCount() == 1);
      String running =
          RUNNING.keySet().stream().filter(id -> backend.runningCount(id) > 0).findFirst().get();
      started.add(running);
      engineTime.advance(RUNNING.get(running));
      backend.finish(running, 0);
    }
    await().until(outcome::isDone);
    assertThat(outcome.join().status()).isEqualTo(RunStatus.SUCCEEDED);
    backend.close();
    return started;
  }
}
