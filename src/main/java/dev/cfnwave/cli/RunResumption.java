package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.run.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * --resume: reads how the run was invoked from its folder, parses that command line again with the
 * variables it had, and runs it on the folder's copy of the plan, under the same run id.
 */
final class RunResumption {

  private final Context context;

  RunResumption(Context context) {
    this.context = context;
  }

  int resume(Path runsDirectory, String runId, CommonOptions common) {
    Path runDirectory = runsDirectory.resolve(runId);
    if (!Files.isDirectory(runDirectory)) {
      throw new InputException("--resume " + runId, "no run folder " + runDirectory);
    }
    RunFolder.Invocation invocation = RunFolder.invocation(runDirectory);
    // The run's own CFN_* settings win; other variables (values of bare --environment names)
    // come from the resuming process.
    Map<String, String> environment = new HashMap<>(context.environment);
    environment.putAll(invocation.environment());
    Context original = new Context(context.out, context.err, environment);
    try (original) {
      CommandLine commandLine = Main.commandLine(original);
      CommandLine.ParseResult parsed =
          commandLine.parseArgs(invocation.args().toArray(String[]::new));
      RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
      // The run's own --backend (its handles mean nothing elsewhere), else the resuming one's.
      original.useBackend(run.common.backend != null ? run.common.backend : common.backend);
      run.common.output = common.output;
      run.common.verbose = run.common.verbose || common.verbose;
      return run.execute(runId, RunFolder.plan(runDirectory), runDirectory, () -> {});
    }
  }
}
