package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.run.RunSettings;
import dev.cfnwave.run.SpendLimits;
import dev.cfnwave.run.journal.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * --resume: reads how the run was invoked from its folder, parses that command line again with the
 * variables it had, and runs it on the folder's copy of the plan, under the same run id. tiers
 * suggest --what-if reads a finished run's --backfill-limit the same way.
 */
final class RunResumption {

  private final Context context;

  RunResumption(Context context) {
    this.context = context;
  }

  /**
   * Resumes the run; spend limits given with --resume replace the run's own, key by key (a raised
   * limit lets a run stopped by its budget go on).
   */
  int resume(Path runsDirectory, String runId, CommonOptions common, SpendOptions spend) {
    SpendLimits raised = spend.given() ? spend.limits() : null;
    Path runDirectory = runsDirectory.resolve(runId);
    if (!Files.isDirectory(runDirectory)) {
      throw new InputException("--resume " + runId, "no run folder " + runDirectory);
    }
    RunFolder.Invocation invocation = RunFolder.invocation(runDirectory);
    try (Context original = contextOf(context, invocation)) {
      RunCommand run = commandOf(original, invocation);
      // The run's own --backend (its handles mean nothing elsewhere), else the resuming one's.
      original.useBackend(run.common.backend != null ? run.common.backend : common.backend);
      run.common.output = common.output;
      run.resumedSpend = raised;
      run.common.verbose = run.common.verbose || common.verbose;
      // How this process's stderr looks is this process's choice, not the run's.
      if (common.console.quiet || !common.console.color.equals("auto")) {
        run.common.console = common.console;
      }
      return run.execute(runId, RunFolder.plan(runDirectory), runDirectory, () -> {});
    }
  }

  /**
   * The context a run was invoked in: its CFN_* settings and engine variables are the ones it
   * recorded, and only those (one this process sets and the run did not would change the run, or
   * point it at another engine); other variables (values of bare --environment names) come from
   * this process, and so does what the launcher found of this process's stderr.
   */
  static Context contextOf(Context context, RunFolder.Invocation invocation) {
    Map<String, String> environment = new HashMap<>();
    context.environment.forEach(
        (name, value) -> {
          if (!RunFolder.isRecorded(name)) {
            environment.put(name, value);
          }
        });
    environment.putAll(invocation.environment());
    environment.keySet().removeIf(name -> name.startsWith(STDERR));
    context.environment.forEach(
        (name, value) -> {
          if (name.startsWith(STDERR)) {
            environment.put(name, value);
          }
        });
    return new Context(context.out, context.err, environment);
  }

  /** CFN_STDERR_IS_TTY and CFN_STDERR_COLUMNS: what the launcher found of this process's stderr. */
  private static final String STDERR = "CFN_STDERR_";

  /** The run command as it was invoked, its options parsed again with the run's variables. */
  static RunCommand commandOf(Context original, RunFolder.Invocation invocation) {
    CommandLine.ParseResult parsed =
        Main.commandLine(original).parseArgs(invocation.args().toArray(String[]::new));
    if (parsed.subcommand() == null
        || !(parsed.subcommand().commandSpec().userObject() instanceof RunCommand run)) {
      throw new InputException(
          "invocation.json", "not a run command: " + String.join(" ", invocation.args()));
    }
    return run;
  }

  /**
   * The --backfill-limit the run was invoked with (or its CFN_BACKFILL_LIMIT), else the default:
   * its command line parsed again with the variables it recorded, and only those.
   */
  static Duration backfillLimitOf(Context context, Path folder) {
    RunFolder.Invocation invocation = RunFolder.invocation(folder);
    try (Context original = new Context(context.out, context.err, invocation.environment())) {
      return commandOf(original, invocation).backfillLimit;
    } catch (InputException | CommandLine.ParameterException e) {
      return RunSettings.DEFAULT_BACKFILL_LIMIT;
    }
  }
}
