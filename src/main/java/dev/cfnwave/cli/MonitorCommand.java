package dev.cfnwave.cli;

import dev.cfnwave.monitor.MonitorSettings;
import dev.cfnwave.monitor.WaveMonitor;
import dev.cfnwave.report.ManifestReader;
import dev.cfnwave.report.MonitorResults;
import dev.cfnwave.spawn.SpawnPreflight;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** monitor-wave.sh: watch a wave's containers until they exit or time out; print the results. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = "Watch the containers of a spawn manifest until they exit or the timeout passes.")
final class MonitorCommand implements Callable<Integer> {

  private final Context context;

  @InHelpGroup(HelpGroup.SELECTION)
  @Option(
      names = "--containers",
      required = true,
      paramLabel = "FILE",
      description =
          "Manifest JSON (spawn's output, or any {\"containers\":[{\"container_id\":...}]}).")
  Path containers;

  @InHelpGroup(HelpGroup.SELECTION)
  @Option(
      names = "--wave-number",
      paramLabel = "N",
      description = "Watch only this wave's containers.")
  Integer waveNumber;

  @InHelpGroup(HelpGroup.LIMITS_AND_SECURITY)
  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Max wait (env CFN_MONITOR_TIMEOUT; now: ${DEFAULT-VALUE}).")
  Duration timeout;

  @InHelpGroup(HelpGroup.SCHEDULING)
  @Option(
      names = "--poll-interval",
      paramLabel = "SECONDS",
      description =
          "Reconcile and print progress this often (env CFN_MONITOR_POLL_INTERVAL; now: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @InHelpGroup(HelpGroup.LOGS_AND_REPORTS)
  @Option(
      names = "--preserve-logs",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Save every container's log as it ends (env CFN_MONITOR_PRESERVE_LOGS; now: ${DEFAULT-VALUE}).")
  boolean preserveLogs;

  @InHelpGroup(HelpGroup.LOGS_AND_REPORTS)
  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      description = "Save logs in DIR instead of $CFN_LOG_DIR/container-logs.")
  Path outputDir;

  @Mixin CommonOptions common;

  MonitorCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.useBackend(common.backend);
    StderrRenderer renderer = context.renderer(common);
    MonitorSettings settings =
        new MonitorSettings(
            timeout,
            pollInterval,
            waveNumber,
            preserveLogs ? LogDirectories.keeper(context, outputDir) : null);
    ManifestReader.Manifest manifest = ManifestReader.read(containers);
    SpawnPreflight.cautionAboutEngine(context.backend(), null, renderer);
    MonitorResults results =
        new WaveMonitor(context.backend(), renderer).monitor(manifest, settings);
    DocumentOutput.emit(context, results, common.output);
    if (results.metrics().timeout() > 0) {
      return ExitCodes.INVALID_OR_CRITICAL;
    }
    return results.metrics().failed() > 0 ? ExitCodes.SOME_FAILED : ExitCodes.OK;
  }
}
