package dev.cfnwave.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cfnwave.ToolFailureException;
import dev.cfnwave.attempt.LogKeeper;
import dev.cfnwave.attempt.LogPolicy;
import dev.cfnwave.attempt.Networks;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.memory.DelegatingBackend;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.report.CleanupReport;
import dev.cfnwave.testing.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cleanup removes what it selects, keeps the logs its policy names, and counts what it did. */
class WaveCleanerTest {

  private static final CleanupSelection WAVE_1 = new CleanupSelection(1, null, null, null, false);

  @TempDir Path temp;

  private final InMemoryBackend backend = new InMemoryBackend();
  private final List<WaveEvent> events = new CopyOnWriteArrayList<>();
  private Path logs;

  @BeforeEach
  void containers() {
    logs = temp.resolve("logs");
    ended("succeeded", "exit=0");
    ended("failed", "exit=3");
    ended("oom", "oom");
  }

  @AfterEach
  void close() {
    backend.close();
  }

  private void ended(String batchId, String prompt) {
    String id = backend.launch(Specs.container("cfn-wave1-" + batchId, "r1", batchId, prompt));
    await().until(() -> backend.status(id).hasEnded());
  }

  @Test
  void aWedgedEngineFailsTheCleanupOnceInsteadOfOncePerContainer() {
    ToolFailureException wedged = new ToolFailureException("the engine stopped answering");
    backend.engine().wedge(wedged);

    assertThatThrownBy(() -> clean(LogPolicy.NONE, false)).isSameAs(wedged);
    assertThat(events).noneMatch(e -> e instanceof WaveEvent.CleanupFailed);
  }

  @Test
  void theBackendsUnusedNetworksAreRemovedAfterTheAttemptsButNotOnADryRun() {
    List<String> asked = new CopyOnWriteArrayList<>();
    Backend withNetworks =
        new DelegatingBackend(backend) {
          @Override
          public List<String> removeUnusedNetworks() {
            asked.add("asked with " + backend.listOwned(Map.of()).size() + " attempts left");
            return List.of("cfn-network");
          }
        };

    new WaveCleaner(withNetworks, new LogKeeper(backend, logs, 1 << 20), events::add)
        .clean(WAVE_1, LogPolicy.NONE, true);
    assertThat(asked).isEmpty();

    new WaveCleaner(withNetworks, new LogKeeper(backend, logs, 1 << 20), events::add)
        .clean(WAVE_1, LogPolicy.NONE, false);
    assertThat(asked).containsExactly("asked with 0 attempts left");
    assertThat(events)
        .contains(new WaveEvent.Note(WaveEvent.Level.INFO, "removed network cfn-network"));
  }

  @Test
  void theExtraNetworksOfNetworksPerRunGoOnceUnusedAndTheFirstStays() {
    for (String name : List.of("net", "net-2", "net-3")) {
      backend.engine().withoutNetwork(name);
    }
    Networks.prepare(backend, "net", 3, WaveListener.NONE);
    // A container of wave 2, created for net-3 and not selected by this cleanup of wave 1.
    AttemptSpec other = Specs.container("cfn-wave2-other", "r2", "other", "hold");
    Map<String, String> wave2 = new HashMap<>(other.labels());
    wave2.put(CfnLabels.WAVE_NUMBER, "2");
    backend.launch(
        new AttemptSpec(
            other.name(),
            other.image(),
            wave2,
            other.environment(),
            other.memoryLimitBytes(),
            null,
            "net-3",
            other.security(),
            List.of(),
            null));

    clean(LogPolicy.NONE, false);

    assertThat(backend.engine().createdNetworks()).containsOnlyKeys("net", "net-3");
    assertThat(backend.engine().createdNetworks().get("net-3"))
        .containsEntry(CfnLabels.SPREAD_OF, "net");
    assertThat(backend.engine().createdNetworks().get("net"))
        .doesNotContainKey(CfnLabels.SPREAD_OF);
    assertThat(events).contains(new WaveEvent.Note(WaveEvent.Level.INFO, "removed network net-2"));
  }

  private CleanupReport clean(LogPolicy policy, boolean dryRun) {
    return new WaveCleaner(backend, new LogKeeper(backend, logs, 1 << 20), events::add)
        .clean(WAVE_1, policy, dryRun);
  }

  private List<String> savedLogs() throws IOException {
    if (!Files.isDirectory(logs)) {
      return List.of();
    }
    try (var files = Files.list(logs)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void keepsTheLogsOfFailedContainersOnly() throws IOException {
    CleanupReport report = clean(LogPolicy.FAILED, false);

    assertThat(savedLogs()).containsExactly("cfn-wave1-failed.log", "cfn-wave1-oom.log");
    assertThat(report.logsPreserved()).isEqualTo(2);
    assertThat(report.containersRemoved()).isEqualTo(3);
    assertThat(report.errors()).isEmpty();
    assertThat(backend.liveCount()).isZero();
    assertThat(report.summary())
        .isEqualTo("Successfully removed 3 containers, preserved logs from 2 containers");
  }

  @Test
  void keepsEveryLogWhenAskedTo() throws IOException {
    CleanupReport report = clean(LogPolicy.ALL, false);

    assertThat(savedLogs()).hasSize(3);
    assertThat(report.logsPreserved()).isEqualTo(3);
    assertThat(report.containersRemoved()).isEqualTo(3);
  }

  @Test
  void keepsNoLogWhenAskedTo() throws IOException {
    CleanupReport report = clean(LogPolicy.NONE, false);

    assertThat(savedLogs()).isEmpty();
    assertThat(report.logsPreserved()).isZero();
    assertThat(report.containersRemoved()).isEqualTo(3);
    assertThat(backend.liveCount()).isZero();
  }

  @Test
  void aDryRunRemovesAndSavesNothing() throws IOException {
    CleanupReport report = clean(LogPolicy.ALL, true);

    assertThat(backend.liveCount()).isEqualTo(3);
    assertThat(savedLogs()).isEmpty();
    assertThat(report.containersRemoved()).isZero();
    assertThat(report.summary()).isEqualTo("Dry run: would remove 3 containers");
    assertThat(events)
        .filteredOn(e -> e instanceof WaveEvent.ContainerRemoved r && r.dryRun())
        .hasSize(3);
  }

  @Test
  void aContainerWhoseLogCannotBeSavedIsKept() throws IOException {
    Files.writeString(temp.resolve("logs"), "a file where the log directory should be");

    CleanupReport report = clean(LogPolicy.FAILED, false);

    // the succeeded container needs no log and goes; the two failed ones stay, with their results
    assertThat(report.containersRemoved()).isEqualTo(1);
    assertThat(report.errors()).hasSize(2);
    assertThat(backend.liveCount()).isEqualTo(2);
    assertThat(backend.listOwned(java.util.Map.of("cfn.batch.id", "succeeded"))).isEmpty();
    assertThat(report.summary()).endsWith("; 2 errors");
  }

  @Test
  void nothingSelectedIsSaidSo() {
    CleanupReport report =
        new WaveCleaner(backend, new LogKeeper(backend, logs, 1 << 20), events::add)
            .clean(new CleanupSelection(7, null, null, null, false), LogPolicy.ALL, false);

    assertThat(report.containersRemoved()).isZero();
    assertThat(report.summary()).isEqualTo("No containers matched");
    assertThat(backend.liveCount()).isEqualTo(3);
  }
}
