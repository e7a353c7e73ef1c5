package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.attempt.LogPolicy;
import dev.cfnwave.cleanup.CleanupSelection;
import dev.cfnwave.cleanup.MixedTasks;
import dev.cfnwave.cleanup.WaveCleaner;
import dev.cfnwave.report.CleanupReport;
import dev.cfnwave.report.ManifestReader;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** cleanup-wave.sh: remove a wave's containers, keeping the logs that matter. */
@Command(
    name = "cleanup",
    mixinStandardHelpOptions = true,
    description = {
      "Remove cfn-wave containers with their anonymous volumes, saving logs first.",
      "Only containers labelled cfn.managed=true are candidates. Select them by --wave-number,"
          + " --pattern, --containers, --task-id and/or --orphans."
    })
final class CleanupCommand implements Callable<Integer> {

  private final Context context;

  @InHelpGroup(HelpGroup.SELECTION)
  @Option(
      names = "--wave-number",
      paramLabel = "N",
      description = "Clean up this wave's containers.")
  Integer waveNumber;

  @InHelpGroup(HelpGroup.SELECTION)
  @Option(
      names = "--pattern",
      paramLabel = "GLOB",
      description = "Container name glob (default with --wave-number: cfn-wave<N>-*).")
  String pattern;

  @InHelpGroup(HelpGroup.SELECTION)
  @Option(
      names = "--containers",
      paramLabel = "FILE",
      description = "Clean up the containers of a manifest.")
  Path containers;

  @InHelpGroup(HelpGroup.SELECTION)
  @Option(
      names = "--task-id",
      paramLabel = "ID",
      description = "Clean up the containers of one plan's task id.")
  String taskId;

  @InHelpGroup(HelpGroup.SELECTION)
  @Option(
      names = "--all-tasks",
      description =
          "With --wave-number and no --task-id: remove the wave's containers of every task id even"
              + " when some still run (else cleanup refuses, exit 2).")
  boolean allTasks;

  @InHelpGroup(HelpGroup.SELECTION)
  @Option(
      names = "--orphans",
      description = "Containers of runs whose orchestrator is gone (killed, host rebooted).")
  boolean orphans;

  @InHelpGroup(HelpGroup.SELECTION)
  @Option(
      names = "--dry-run",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Show what would be removed; remove nothing (env CFN_CLEANUP_DRY_RUN; now: ${DEFAULT-VALUE}).")
  boolean dryRun;

  @InHelpGroup(HelpGroup.LOGS_AND_REPORTS)
  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      description = "Save logs in DIR instead of $CFN_LOG_DIR/container-logs.")
  Path outputDir;

  @Mixin LogOptions logs;

  @Mixin CommonOptions common;

  CleanupCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.useBackend(common.backend);
    StderrRenderer renderer = context.renderer(common);
    CleanupSelection selection = selection();
    LogPolicy policy = logs.policy(context);
    WaveCleaner cleaner =
        new WaveCleaner(context.backend(), LogDirectories.keeper(context, outputDir), renderer);
    if (waveNumber != null && taskId == null && containers == null && !allTasks) {
      MixedTasks.refuseIfRunning(cleaner.select(selection));
    }
    CleanupReport report = cleaner.clean(selection, policy, dryRun);
    DocumentOutput.emit(context, report, common.output);
    renderer.info(report.summary());
    int failed = report.errors().size();
    if (failed == 0) {
      return ExitCodes.OK;
    }
    return failed > report.containersRemoved()
        ? ExitCodes.INVALID_OR_CRITICAL
        : ExitCodes.SOME_FAILED;
  }

  /**
   * The JDK's glob syntax errors ("Missing '] near index 0" with the glob and a caret on lines of
   * their own) in plain words, with the position in the glob counted from 1.
   */
  static String globProblem(PatternSyntaxException e, String glob) {
    String problem =
        switch (e.getDescription()) {
          case "Missing ']", "Unclosed character class" -> "a [ without its ]";
          case "Missing '}" -> "a { without its }";
          case "Cannot nest groups" -> "a { inside a { }";
          case "Explicit 'name separator' in class" -> "a / inside [ ]";
          case "Invalid range", "Illegal character range" ->
              "a range in [ ] that is not one (such as z-a)";
          case "No character to escape" -> "a \\ at the end, with nothing to escape";
          default -> e.getDescription().replaceAll("\\p{Cntrl}", "?");
        };
    // an index into the regular expression the glob became would mean nothing to the user
    return e.getIndex() < 0 || !glob.equals(e.getPattern())
        ? problem
        : problem + " (at character " + (e.getIndex() + 1) + ")";
  }

  private CleanupSelection selection() {
    if (pattern != null) {
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      } catch (PatternSyntaxException e) {
        throw new InputException(
            "--pattern " + pattern, "not a valid glob: " + globProblem(e, pattern));
      }
    }
    Set<String> ids = null;
    if (containers != null) {
      ids =
          ManifestReader.read(containers).containers().stream()
              .map(ManifestReader.Container::containerId)
              .filter(Objects::nonNull)
              .collect(Collectors.toSet());
    }
    try {
      return new CleanupSelection(waveNumber, pattern, ids, taskId, orphans);
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage());
    }
  }
}
