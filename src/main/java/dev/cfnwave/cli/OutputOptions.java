package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.backend.open.Backends;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.run.OutputSettings;
import picocli.CommandLine.Option;

/** run's output folders: one per attempt, where it appears, how large it may grow. */
final class OutputOptions {

  @InHelpGroup(HelpGroup.LOGS_AND_REPORTS)
  @Option(
      names = "--outputs",
      paramLabel = "MODE",
      converter = OutputModeConverter.class,
      description =
          "folder: every attempt gets its own output folder, RUN_FOLDER/out/BATCH/ATTEMPT/, at"
              + " --output-path, kept and listed in the reports; none: no output folders"
              + " (default: folder; none on swarm, whose nodes may not see the run folder).")
  String outputs;

  @InHelpGroup(HelpGroup.LOGS_AND_REPORTS)
  @Option(
      names = "--output-path",
      paramLabel = "PATH",
      defaultValue = OutputSettings.DEFAULT_TARGET,
      description =
          "Where the output folder appears inside each container; a result file goes in it as"
              + " result.json (default: ${DEFAULT-VALUE}).")
  String target;

  @InHelpGroup(HelpGroup.LOGS_AND_REPORTS)
  @Option(
      names = "--output-limit",
      paramLabel = "SIZE",
      defaultValue = "256m",
      description =
          "The most an attempt's output folder may hold; past it, checked every poll interval"
              + " and at the end, the attempt is stopped and fails with \"output over the limit\","
              + " its folder cut down to the limit (default: ${DEFAULT-VALUE}).")
  MemorySize limit;

  @InHelpGroup(HelpGroup.LOGS_AND_REPORTS)
  @Option(
      names = "--trust-result-status",
      description =
          "Where result.json's status disagrees with the exit code, the status decides"
              + " (success, skipped: success; failed, rate_limited: failed); an OOM kill or a"
              + " time limit still decides.")
  boolean trustResultStatus;

  /**
   * The settings. A backend that places attempts on nodes has none by default, and output folders
   * asked for there are refused: the bind mount of a local folder works only where every node sees
   * the run folder, which cfn-wave cannot know.
   */
  OutputSettings settings(String backendName) {
    boolean onNodes = Backends.capabilities(backendName).placesOnNodes();
    boolean enabled = outputs == null ? !onNodes : outputs.equals("folder");
    if (enabled && onNodes) {
      throw new InputException(
          "--outputs folder",
          "output folders are bind mounts of the run folder, which the "
              + backendName
              + " backend's nodes may not see: give --outputs none");
    }
    if (target == null || !target.startsWith("/") || target.equals("/") || target.contains(":")) {
      throw new InputException(
          "--output-path " + target, "must be an absolute path inside the container, not /");
    }
    if (target.equals("/workspace") || target.startsWith("/workspace/")) {
      throw new InputException("--output-path " + target, "must not be inside /workspace");
    }
    return new OutputSettings(enabled, target, limit, trustResultStatus);
  }

  /** folder or none, in any case. */
  static final class OutputModeConverter implements picocli.CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String text) {
      String mode = text.trim().toLowerCase(java.util.Locale.ROOT);
      if (!mode.equals("folder") && !mode.equals("none")) {
        throw new picocli.CommandLine.TypeConversionException(
            "expected folder or none, got '" + text + "'");
      }
      return mode;
    }
  }
}
