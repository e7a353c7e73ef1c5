package dev.cfnwave.cli;

import dev.cfnwave.render.ReportFormat;
import dev.cfnwave.render.RunFolderReports;
import dev.cfnwave.render.RunHistory;
import dev.cfnwave.run.journal.RunHistoryReader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Rebuilds a run's reports from its folder alone, also for a run that was interrupted. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Rebuild a run's report from its run folder (journal, results and kept logs): JUnit XML,"
          + " the Markdown summary, the HTML timeline, the JSON run report, or CSV with a record"
          + " per attempt (docs/reports.md lists its columns).",
      "Works on a finished run and on one whose orchestrator died (its unsettled batches show"
          + " as interrupted). Needs no Docker engine."
    })
final class ReportCommand implements Callable<Integer> {

  private final Context context;

  @Parameters(
      index = "0",
      paramLabel = RunFolderOption.RUN_ID_OR_DIR,
      description = "A run folder, or a run id under --runs-dir.")
  String run;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      completionCandidates = Converters.ReportFormatNames.class,
      defaultValue = "json",
      description = "junit, markdown, html, json or csv (default: ${DEFAULT-VALUE}).")
  ReportFormat format;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write the report to FILE instead of stdout.")
  Path output;

  @Mixin RunFolderOption runFolders;

  @Mixin StackTraceOption stackTrace;

  ReportCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Path folder = runFolders.folder(run);
    RunHistory history = RunHistoryReader.read(folder, RunCommand::selectedWaves);
    byte[] report = format.render(history);
    if (output != null) {
      RunFolderReports.writeAtomically(report, output);
    } else {
      context.out.write(report, 0, report.length);
      context.out.flush();
    }
    return ExitCodes.OK;
  }
}
