package dev.cfnwave.watch;

import static dev.cfnwave.watch.RunFolders.finished;
import static dev.cfnwave.watch.RunFolders.started;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.run.journal.RunFolder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStateTest {

  @TempDir Path temp;

  private RunState stateOf(Path folder) {
    return RunState.of(folder, RunFolder.journal(folder));
  }

  @Test
  void aRunWhoseOrchestratorIsAliveRuns() throws Exception {
    Path folder = RunFolders.create(temp, "r", List.of(started(0)));
    RunFolders.orchestratedByThisProcess(folder);

    assertThat(stateOf(folder)).isEqualTo(RunState.RUNNING);
  }

  @Test
  void aRunWhoseOrchestratorIsGoneBeforeItFinishedCrashed() throws Exception {
    Path gone = RunFolders.create(temp, "gone", List.of(started(0)));
    RunFolders.orchestratedByAGoneProcess(gone);
    Path released = RunFolders.create(temp, "released", List.of(started(0)));

    assertThat(stateOf(gone)).as("a reused pid does not count").isEqualTo(RunState.CRASHED);
    assertThat(stateOf(released)).as("no orchestrator.json").isEqualTo(RunState.CRASHED);
  }

  @Test
  void aJournalEndingWithRunFinishedIsFinishedWhateverTheOrchestrator() throws Exception {
    Path folder = RunFolders.create(temp, "r", List.of(started(0), finished(3)));
    RunFolders.orchestratedByThisProcess(folder);

    assertThat(stateOf(folder)).isEqualTo(RunState.FINISHED);
  }
}
