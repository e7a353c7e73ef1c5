package dev.cfnwave.cli;

import dev.cfnwave.ToolFailureException;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EngineWedgedException;
import dev.cfnwave.image.PreparedImages;
import dev.cfnwave.image.PulledImages;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.render.RunFolderReports;
import dev.cfnwave.render.RunHistory;
import dev.cfnwave.run.Cancellation;
import dev.cfnwave.run.RunOrchestrator;
import dev.cfnwave.run.RunOutcome;
import dev.cfnwave.run.RunSettings;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.run.journal.RunHistoryReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * run once everything is checked and its folder exists: claims the folder, runs (or resumes) the
 * plan in it until done or interrupted, prints the report, writes junit.xml, summary.md and
 * report.html (also when the tool could not go on), and removes the images it pulled when asked.
 */
final class RunInFolder {

  private final Context context;
  private final StderrRenderer renderer;
  private final Path runsDirectory;

  RunInFolder(Context context, StderrRenderer renderer, Path runsDirectory) {
    this.context = context;
    this.renderer = renderer;
    this.runsDirectory = runsDirectory;
  }

  int run(
      WavePlan plan,
      List<Integer> waves,
      RunSettings settings,
      PreparedImages images,
      boolean removePulledImages,
      Path output) {
    String id = settings.spawn().runId();
    Path runDirectory = settings.runDirectory();
    Backend backend = context.backend(true);
    TierTable tiers = TierTable.fromEnvironment(context.environment);
    RunFolder.claim(runDirectory);
    renderer.info(
        "run "
            + id
            + " in "
            + runDirectory
            + " ("
            + settings.schedule().name().toLowerCase(Locale.ROOT)
            + " schedule)");
    RunOutcome outcome;
    Cancellation cancellation;
    try (Signals signals = Signals.onInterrupt()) {
      cancellation = signals.cancellation();
      outcome =
          new RunOrchestrator(backend, renderer, tiers, cancellation).run(plan, settings, images);
    } catch (EngineWedgedException e) {
      writeReports(runDirectory, waves);
      String runsDir =
          runsDirectory.equals(Path.of(".artifacts/runs")) ? "" : " --runs-dir " + runsDirectory;
      throw e.then("cfn-wave run --resume " + id + runsDir);
    } catch (ToolFailureException e) {
      writeReports(runDirectory, waves);
      throw e;
    } finally {
      RunFolder.release(runDirectory);
    }
    if (removePulledImages) {
      PulledImages.remove(backend, images.pulled(), renderer);
    }
    renderer.endStatus();
    DocumentOutput.emit(context, outcome.report(), output);
    if (!renderer.quiet()) {
      SummaryTable.print(context.err, outcome.report(), renderer.colours());
    }
    writeReports(runDirectory, waves);
    return ExitCodes.of(outcome.status(), cancellation);
  }

  /**
   * junit.xml, summary.md and report.html, from the run folder as `report` rebuilds them (and the
   * job summary on GitHub). A report that cannot be written is a warning: the run's outcome stands.
   */
  private void writeReports(Path runDirectory, List<Integer> waves) {
    try {
      RunHistory history = RunHistoryReader.read(runDirectory, (selection, plan) -> waves);
      RunFolderReports.write(history, runDirectory, context.environment);
    } catch (RuntimeException e) {
      renderer.warn("cannot write the run's reports: " + e.getMessage());
    }
  }
}
