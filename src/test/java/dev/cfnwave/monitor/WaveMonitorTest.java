package dev.cfnwave.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.attempt.LogKeeper;
import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.ManifestReader;
import dev.cfnwave.report.MonitorResults;
import dev.cfnwave.report.MonitorResults.ContainerResult;
import dev.cfnwave.testing.Specs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How monitor classifies each container's end: exit code, OOM kill, timeout, gone. */
class WaveMonitorTest {

  @TempDir Path logs;

  private final InMemoryBackend backend = new InMemoryBackend();
  private final List<WaveEvent> events = new CopyOnWriteArrayList<>();
  private final List<ManifestReader.Container> manifest = new ArrayList<>();

  @AfterEach
  void close() {
    backend.close();
  }

  private void start(String batchId, String prompt) {
    String name = "cfn-wave1-" + batchId;
    String id = backend.launch(Specs.container(name, "r1", batchId, prompt));
    manifest.add(new ManifestReader.Container(id, name, batchId, null, null));
  }

  private MonitorResults monitor(Duration timeout, LogKeeper keeper) {
    return new WaveMonitor(backend, events::add)
        .monitor(
            new ManifestReader.Manifest(1, manifest),
            new MonitorSettings(timeout, Duration.ofMillis(50), null, keeper));
  }

  private static Map<String, ContainerResult> byBatch(MonitorResults results) {
    return results.containers().stream()
        .collect(Collectors.toMap(ContainerResult::batchId, Function.identity()));
  }

  @Test
  void classifiesExitsOomKillsAndTimeouts() {
    start("ok", "exit=0");
    start("bad", "exit=3");
    start("oom", "oom");
    start("slow", "ms=600000");

    MonitorResults results = monitor(Duration.ofSeconds(2), null);

    Map<String, ContainerResult> by = byBatch(results);
    assertThat(by.get("ok").exitStatus()).isEqualTo(ExitStatus.SUCCESS);
    assertThat(by.get("ok").exitCode()).isZero();
    assertThat(by.get("bad").exitStatus()).isEqualTo(ExitStatus.FAILED);
    assertThat(by.get("bad").exitCode()).isEqualTo(3L);
    assertThat(by.get("oom").exitStatus()).isEqualTo(ExitStatus.OOM_KILLED);
    assertThat(by.get("oom").exitCode()).isEqualTo(137L);
    assertThat(by.get("slow").exitStatus()).isEqualTo(ExitStatus.TIMEOUT);
    assertThat(by.get("slow").exitCode()).isNull();
    assertThat(by.get("slow").status()).isEqualTo("running");
    assertThat(results.completionStatus()).isEqualTo(MonitorResults.TIMEOUT);
    assertThat(results.metrics()).isEqualTo(new MonitorResults.Metrics(4, 1, 3, 1, 2, 1));
  }

  @Test
  void aTimedOutContainerIsLeftRunning() {
    start("slow", "ms=600000");

    monitor(Duration.ofMillis(300), null);

    assertThat(backend.status(manifest.get(0).containerId()).phase())
        .isEqualTo(AttemptPhase.RUNNING);
  }

  @Test
  void progressCountsAgreeWithTheResults() {
    start("ok", "exit=0");
    start("bad", "exit=3");
    start("oom", "oom");
    start("slow", "ms=600000");

    monitor(Duration.ofSeconds(2), null);

    List<WaveEvent.MonitorProgress> progress =
        events.stream()
            .filter(WaveEvent.MonitorProgress.class::isInstance)
            .map(WaveEvent.MonitorProgress.class::cast)
            .toList();
    assertThat(progress).first().isEqualTo(new WaveEvent.MonitorProgress(4, 0, 0, 0));
    assertThat(progress).last().isEqualTo(new WaveEvent.MonitorProgress(0, 1, 2, 1));
  }

  @Test
  void allSucceededIsComplete() {
    start("a", "exit=0");
    start("b", "exit=0");

    MonitorResults results = monitor(Duration.ofSeconds(30), null);

    assertThat(results.completionStatus()).isEqualTo(MonitorResults.COMPLETE);
    assertThat(results.metrics().success()).isEqualTo(2);
    assertThat(results.waveNumber()).isEqualTo(1);
  }

  @Test
  void aContainerTheEngineDoesNotKnowFailsAsNotFound() {
    start("a", "exit=0");
    manifest.add(new ManifestReader.Container("f".repeat(64), "gone", "gone", null, null));

    MonitorResults results = monitor(Duration.ofSeconds(30), null);

    ContainerResult gone = byBatch(results).get("gone");
    assertThat(gone.status()).isEqualTo("not_found");
    assertThat(gone.exitStatus()).isEqualTo(ExitStatus.FAILED);
    assertThat(byBatch(results).get("a").exitStatus()).isEqualTo(ExitStatus.SUCCESS);
  }

  @Test
  void preservedLogsAreSavedAsEachContainerEnds() {
    start("a", "exit=0");
    start("b", "exit=3");

    monitor(Duration.ofSeconds(30), new LogKeeper(backend, logs, 1 << 20));

    assertThat(logs.resolve("cfn-wave1-a.log")).exists();
    assertThat(logs.resolve("cfn-wave1-b.log")).exists();
    assertThat(events).filteredOn(WaveEvent.LogSaved.class::isInstance).hasSize(2);
  }
}
