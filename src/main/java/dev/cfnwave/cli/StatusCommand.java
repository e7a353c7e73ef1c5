package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.watch.LiveStatus;
import dev.cfnwave.watch.LiveStatusReader;
import dev.cfnwave.watch.RunsListing;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What a run is doing, seen from another terminal. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show what a run is doing: its running attempts (batch, attempt, container, since), the"
          + " batches waiting, those ended (by outcome), retries, memory reserved against the"
          + " budget, and an ETA from the batches' expected or learned durations.",
      "Reads the run folder's journal and asks the engine the run used about the attempts"
          + " still running; without an engine it answers from the journal alone and says so."
          + " JSON on stdout, a summary on stderr."
    })
final class StatusCommand implements Callable<Integer> {

  private final Context context;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = RunFolderOption.RUN_ID_OR_DIR,
      description = "A run folder, or a run id under --runs-dir (default: the newest run there).")
  String run;

  @Mixin RunFolderOption runFolders;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Also write the JSON document to FILE.")
  Path output;

  @Option(
      names = "--backend",
      paramLabel = "NAME",
      description =
          "The backend to ask about the running attempts: docker or swarm. Default: the one the"
              + " run used.")
  String backend;

  @Mixin StackTraceOption stackTrace;

  StatusCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Path folder = run != null ? runFolders.folder(run) : newest();
    RunFolder.invocation(folder);
    try (Context runContext = RunEngine.of(context, folder, backend)) {
      LiveStatus status =
          LiveStatusReader.read(
              folder, RunCommand::selectedWaves, runContext::backend, Instant.now());
      DocumentOutput.emit(context, status, output);
      StatusSummary.print(context.err, status);
    }
    return ExitCodes.OK;
  }

  private Path newest() {
    return RunsListing.newest(runFolders.runsDirectory)
        .orElseThrow(
            () ->
                new InputException(
                    "--runs-dir " + runFolders.runsDirectory, "no run folder in it"));
  }
}
