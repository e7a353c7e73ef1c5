package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.watch.RunSummary;
import dev.cfnwave.watch.RunsListing;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Lists the runs of a runs folder, newest first. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = {
      "List the runs in the runs folder, newest first: id, start, state (running, finished, or"
          + " crashed: not finished and its orchestrator gone), batches by outcome, duration and"
          + " outcome.",
      "JSON on stdout, a table on stderr. Reads the run folders alone; needs no Docker engine."
    })
final class RunsCommand implements Callable<Integer> {

  private final Context context;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "List at most N runs (default: ${DEFAULT-VALUE}).")
  int limit;

  @Mixin RunFolderOption runFolders;

  @Mixin StackTraceOption stackTrace;

  RunsCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new InputException("--limit " + limit, "must be at least 1");
    }
    List<RunSummary> runs =
        RunsListing.list(runFolders.runsDirectory, RunCommand::selectedWaves, limit, Instant.now());
    DocumentOutput.emit(
        context, new RunsListing.Document(runFolders.runsDirectory.toString(), runs), null);
    RunsTable.print(context.err, runFolders.runsDirectory, runs);
    return ExitCodes.OK;
  }
}
