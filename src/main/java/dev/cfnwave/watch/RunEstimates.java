package dev.cfnwave.watch;

import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.PlanReader;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.render.RunHistory;
import dev.cfnwave.run.admission.Estimates;
import dev.cfnwave.run.journal.BatchRun;
import dev.cfnwave.run.journal.RunFolder;
import java.nio.file.Path;

/**
 * How long a run's batches are expected to run, as the run itself learned it: the plan's
 * expected_seconds, else the median of the batch's successful attempts in earlier runs of the same
 * task in the same runs folder.
 */
final class RunEstimates {

  private RunEstimates() {}

  static Estimates of(Path folder, RunHistory history) {
    RunFolder.Invocation invocation = RunFolder.invocation(folder);
    WavePlan plan =
        new PlanReader(TierTable.fromEnvironment(invocation.environment()), warning -> {})
            .read(RunFolder.plan(folder));
    Path runs = folder.toAbsolutePath().normalize().getParent();
    return Estimates.learned(
        runs, folder, history.taskId(), BatchRun.of(plan.waves()), WaveListener.NONE);
  }
}
