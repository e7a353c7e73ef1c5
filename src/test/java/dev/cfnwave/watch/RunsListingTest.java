package dev.cfnwave.watch;

import static dev.cfnwave.watch.RunFolders.T0;
import static dev.cfnwave.watch.RunFolders.finished;
import static dev.cfnwave.watch.RunFolders.started;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.report.Json;
import dev.cfnwave.testing.JsonSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsListingTest {

  @TempDir Path temp;

  /** Lists the runs, and requires the document runs prints to match its schema. */
  private List<RunSummary> list(int limit) {
    List<RunSummary> runs =
        RunsListing.list(temp, (selection, plan) -> null, limit, T0.plusSeconds(3600 + 60));
    JsonSchemas.requireValid(
        JsonSchemas.RUNS,
        "a runs listing",
        JsonSchemas.parse(Json.write(new RunsListing.Document(temp.toString(), runs))));
    return runs;
  }

  @Test
  void listsRunsNewestFirstWithTheirStateOutcomeAndBatches() throws Exception {
    Path old = RunFolders.create(temp, "old", List.of(started(0), finished(20)));
    Path live = RunFolders.create(temp, "live", shifted(RunFolders.midway(), 3600));
    RunFolders.orchestratedByThisProcess(live);
    Files.createDirectories(temp.resolve("not-a-run"));

    List<RunSummary> runs = list(10);

    assertThat(runs).extracting(RunSummary::runId).containsExactly("live", "old");
    RunSummary running = runs.get(0);
    assertThat(running.state()).isEqualTo("running");
    assertThat(running.outcome()).isNull();
    assertThat(running.durationSeconds()).isEqualTo(60);
    assertThat(running.batches()).isEqualTo(Map.of("success", 1, "running", 1, "waiting", 2));
    RunSummary done = runs.get(1);
    assertThat(done.state()).isEqualTo("finished");
    assertThat(done.outcome()).as("its batches never started").isEqualTo("failed");
    assertThat(done.durationSeconds()).isEqualTo(20);
    assertThat(old).exists();
  }

  @Test
  void aLimitKeepsTheNewest() throws Exception {
    RunFolders.create(temp, "old", List.of(started(0), finished(20)));
    RunFolders.create(temp, "new", List.of(started(100), finished(120)));

    assertThat(list(1)).extracting(RunSummary::runId).containsExactly("new");
  }

  @Test
  void aCrashedRunShowsItsUnsettledBatchesAsInterrupted() throws Exception {
    Path folder = RunFolders.create(temp, "r", RunFolders.midway());
    RunFolders.orchestratedByAGoneProcess(folder);

    RunSummary run = list(5).get(0);

    assertThat(run.state()).isEqualTo("crashed");
    assertThat(run.outcome()).isEqualTo("interrupted");
    assertThat(run.batches()).isEqualTo(Map.of("success", 1, "interrupted", 2, "not_started", 1));
  }

  @Test
  void anUnreadableRunIsListedWithWhy() throws Exception {
    Path folder = RunFolders.create(temp, "r", List.of(started(0)));
    Files.writeString(folder.resolve("plan.json"), "{");

    RunSummary run = list(5).get(0);

    assertThat(run.state()).isEqualTo("unreadable");
    assertThat(run.error()).contains("plan.json");
  }

  @Test
  void noRunsFolderListsNothing() {
    assertThat(RunsListing.list(temp.resolve("none"), (s, p) -> null, 5, T0)).isEmpty();
    assertThat(RunsListing.newest(temp.resolve("none"))).isEmpty();
  }

  private static List<dev.cfnwave.run.journal.JournalEntry> shifted(
      List<dev.cfnwave.run.journal.JournalEntry> lines, int seconds) {
    return lines.stream()
        .map(
            e ->
                new dev.cfnwave.run.journal.JournalEntry(
                    e.type(),
                    java.time.Instant.parse(e.at()).plusSeconds(seconds).toString(),
                    e.batchId(),
                    e.attempt(),
                    e.name(),
                    e.backend(),
                    e.handle(),
                    e.tier(),
                    e.memoryLimit(),
                    e.exitCode(),
                    e.exitStatus(),
                    e.error(),
                    e.startedAt(),
                    e.completedAt(),
                    e.node(),
                    e.peakMemoryBytes(),
                    e.image(),
                    e.imageDigest()))
        .toList();
  }
}
