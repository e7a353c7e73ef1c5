package dev.cfnwave.cli;

import dev.cfnwave.plan.PlanReader;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.run.journal.RunFolder;
import dev.cfnwave.sizing.PlanRewriter;
import dev.cfnwave.sizing.RecordedRun;
import dev.cfnwave.sizing.RunRecords;
import dev.cfnwave.sizing.TierSuggester;
import dev.cfnwave.sizing.TierSuggestions;
import dev.cfnwave.sizing.WhatIf;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Right-sizes tiers from the measured peaks of finished runs. */
@Command(
    name = "suggest",
    mixinStandardHelpOptions = true,
    description = {
      "Suggest each batch the smallest tier holding the 90th percentile of its measured peak"
          + " memory plus 15%% (one tier up at least after an OOM kill), from one or more finished"
          + " runs; list near misses (peak >= 90%% of the limit), memory-flaky batches (OOM-killed,"
          + " then passed higher) and the memory-time reserved and not used (GiB-hours); beside"
          + " them what each batch spent per run (mean, p95 and total of cost_usd and tokens)"
          + " where its result files reported usage.",
      "The JSON document goes to stdout, a table to stderr. Uses the tier table the first run"
          + " ran with (its CFN_TIER_N_MEMORY). Needs no Docker engine."
    })
final class TiersSuggestCommand implements Callable<Integer> {

  private final Context context;

  @Parameters(
      arity = "1..*",
      paramLabel = RunFolderOption.RUN_ID_OR_DIR,
      description = "Finished run folders, or run ids under --runs-dir.")
  List<String> runs;

  @Mixin RunFolderOption runFolders;

  @Option(
      names = "--write-plan",
      paramLabel = "FILE",
      description =
          "Write the first run's plan with the suggested tiers to FILE (a new file: never"
              + " over an existing one).")
  Path writePlan;

  @Option(
      names = "--what-if",
      description =
          "Replay the first run's recorded durations through the run's admission code on a"
              + " virtual clock under the suggested tiers and the same budget, schedule and"
              + " --backfill-limit; print the predicted makespan next to the measured one.")
  boolean whatIf;

  TiersSuggestCommand(Context context) {
    this.context = context;
  }

  /** The document on stdout. */
  record Document(TierSuggestions suggestions, String writtenPlan, WhatIf.Prediction whatIf) {}

  @Override
  public Integer call() {
    List<RecordedRun> recorded = read();
    RecordedRun first = recorded.get(0);
    TierSuggestions suggestions = new TierSuggester(first.tiers()).suggest(recorded);
    String written = null;
    if (writePlan != null) {
      int changed =
          PlanRewriter.write(RunFolder.plan(first.folder()), suggestions.batches(), writePlan);
      written = writePlan.toString();
      context.err.println(
          "cfn-wave tiers suggest: wrote " + writePlan + " (" + changed + " batches re-tiered)");
    }
    WhatIf.Prediction prediction = null;
    if (whatIf) {
      WavePlan plan = new PlanReader(first.tiers(), w -> {}).read(RunFolder.plan(first.folder()));
      prediction =
          WhatIf.predict(
              first,
              plan,
              first.tiers(),
              suggestions.batches(),
              RunResumption.backfillLimitOf(context, first.folder()));
    }
    TiersTable.print(context.err, suggestions, prediction);
    DocumentOutput.emit(context, new Document(suggestions, written, prediction), null);
    return ExitCodes.OK;
  }

  /** Each run once, however often it was named: by folder (links too), then by run id. */
  private List<RecordedRun> read() {
    List<RecordedRun> recorded = new ArrayList<>();
    Set<Path> folders = new HashSet<>();
    Set<String> runIds = new HashSet<>();
    for (String run : runs) {
      Path folder = runFolders.folder(run);
      if (!folders.add(realPath(folder))) {
        context.err.println(
            "cfn-wave tiers suggest: " + run + ": a run folder named before, counted once");
        continue;
      }
      RecordedRun read = RunRecords.read(folder);
      if (!runIds.add(read.runId())) {
        context.err.println(
            "cfn-wave tiers suggest: "
                + run
                + ": run "
                + read.runId()
                + " again (a copy of its folder), counted once");
        continue;
      }
      recorded.add(read);
    }
    return recorded;
  }

  private static Path realPath(Path folder) {
    try {
      return folder.toRealPath();
    } catch (IOException e) {
      return folder.toAbsolutePath().normalize();
    }
  }
}
