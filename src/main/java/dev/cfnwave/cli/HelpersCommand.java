package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.attempt.LogKeeper;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.SavedLog;
import dev.cfnwave.monitor.MonitorSettings;
import dev.cfnwave.monitor.WaveMonitor;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.PlanReader;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.Json;
import dev.cfnwave.report.ManifestReader;
import dev.cfnwave.report.MonitorResults;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The spec's lib/docker-helpers.sh functions, one subcommand each; the shell library calls them.
 */
@Command(
    name = "helpers",
    mixinStandardHelpOptions = true,
    description = "Building blocks behind skill/cfn-docker-wave-execution/lib/docker-helpers.sh.")
final class HelpersCommand {

  private final Context context;

  @Mixin StackTraceOption stackTrace;

  HelpersCommand(Context context) {
    this.context = context;
  }

  @Command(
      name = "parse-memory",
      mixinStandardHelpOptions = true,
      description = "Print a memory size (512m, 1g, 14.5GB, 100) in bytes.")
  int parseMemory(@Parameters(paramLabel = "SIZE") String size) {
    try {
      context.out.println(MemorySize.parse(size).bytes());
      return ExitCodes.OK;
    } catch (IllegalArgumentException e) {
      context.err.println("cfn-wave helpers parse-memory: error: " + e.getMessage());
      return ExitCodes.INVALID_OR_CRITICAL;
    }
  }

  @Command(
      name = "container-status",
      mixinStandardHelpOptions = true,
      description = "Print a container's status: running, exited (with 0) or failed.")
  int containerStatus(@Parameters(paramLabel = "CONTAINER") String container) {
    AttemptStatus details = context.backend().status(container);
    context.out.println(statusWord(details));
    return ExitCodes.OK;
  }

  private static String statusWord(AttemptStatus details) {
    if (!details.hasEnded()) {
      return "running";
    }
    long exitCode = details.exitCode() == null ? -1 : details.exitCode();
    return "exited".equals(details.state())
            && ExitStatus.classify(exitCode, details.oomKilled()) == ExitStatus.SUCCESS
        ? "exited"
        : "failed";
  }

  @Command(
      name = "exit-code",
      mixinStandardHelpOptions = true,
      description = "Print the exit code of an exited container.")
  int exitCode(@Parameters(paramLabel = "CONTAINER") String container) {
    AttemptStatus details = context.backend().status(container);
    if (!details.hasEnded() || details.exitCode() == null) {
      throw new EngineException(
          "container " + container + " has not exited (" + details.state() + ")");
    }
    context.out.println(details.exitCode());
    return ExitCodes.OK;
  }

  @Command(
      name = "wait",
      mixinStandardHelpOptions = true,
      description = "Wait for containers to exit, as monitor does, and print nothing.")
  int waitFor(
      @Option(
              names = "--timeout",
              paramLabel = "SECONDS",
              defaultValue = "1800",
              description = "Max wait (default: ${DEFAULT-VALUE}).")
          Duration timeout,
      @Option(
              names = "--poll-interval",
              paramLabel = "SECONDS",
              defaultValue = "5",
              description = "Reconcile this often (default: ${DEFAULT-VALUE}).")
          Duration poll,
      @Parameters(paramLabel = "CONTAINER", arity = "1..*") List<String> containers) {
    var entries =
        containers.stream()
            .map(id -> new ManifestReader.Container(id, null, null, null, null))
            .toList();
    MonitorResults results =
        new WaveMonitor(context.backend(), context.renderer(new CommonOptions()))
            .monitor(
                new ManifestReader.Manifest(null, entries),
                new MonitorSettings(timeout, poll, null, null));
    if (results.metrics().timeout() > 0) {
      return ExitCodes.INVALID_OR_CRITICAL;
    }
    return results.metrics().failed() > 0 ? ExitCodes.SOME_FAILED : ExitCodes.OK;
  }

  @Command(
      name = "check-docker",
      mixinStandardHelpOptions = true,
      description = "Check that the Docker engine answers.")
  int checkDocker() {
    try {
      context.err.println(context.backend().describe() + " answers");
      return ExitCodes.OK;
    } catch (EngineException e) {
      context.err.println("cfn-wave helpers check-docker: " + e.getMessage());
      return ExitCodes.SOME_FAILED;
    }
  }

  @Command(
      name = "manifest-entry",
      mixinStandardHelpOptions = true,
      description = "Print a manifest entry for a container as JSON.")
  int manifestEntry(
      @Parameters(index = "0", paramLabel = "CONTAINER") String container,
      @Parameters(index = "1", paramLabel = "BATCH_ID") String batchId,
      @Parameters(index = "2", paramLabel = "TIER") int tier) {
    MemorySize limit =
        TierTable.fromEnvironment(context.environment)
            .limitOf(tier)
            .orElseThrow(() -> new InputException("TIER", "unknown tier " + tier));
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("container_id", container);
    entry.put("batch_id", batchId);
    entry.put("tier", tier);
    entry.put("memory_limit", limit.dockerForm());
    entry.put("created_at", Json.timestamp(Instant.now()));
    context.out.print(Json.write(entry));
    return ExitCodes.OK;
  }

  @Command(
      name = "save-logs",
      mixinStandardHelpOptions = true,
      description = "Save a container's log as DIR/CONTAINER.log.")
  int saveLogs(
      @Parameters(index = "0", paramLabel = "CONTAINER") String container,
      @Parameters(index = "1", paramLabel = "DIR") Path directory) {
    SavedLog saved =
        new LogKeeper(context.backend(), directory, context.maxLogBytes())
            .save(container, container);
    context.err.println("saved " + saved.bytes() + " bytes to " + saved.file());
    return ExitCodes.OK;
  }

  @Command(
      name = "warm-up",
      hidden = true,
      description =
          "Exercise the usual code paths without changing anything (bin/cfn-wave uses it"
              + " once per build to record a class-data archive).")
  int warmUp() {
    new PlanReader(TierTable.defaults(), message -> {}).parse("warm-up", WARM_UP_PLAN);
    Json.write(
        new MonitorResults(
            1, 0, MonitorResults.COMPLETE, List.of(), MonitorResults.Metrics.of(List.of())));
    try {
      var backend = context.backend();
      backend.capacity();
      backend.listOwned(Map.of("cfn.warm-up", "none"));
      backend.status("cfn-wave-warm-up-" + System.nanoTime());
    } catch (EngineException expected) {
      // without an engine, or for the container that does not exist: the classes are loaded
    }
    return ExitCodes.OK;
  }

  private static final String WARM_UP_PLAN =
      "{\"task_id\": \"w\", \"waves\": [{\"wave_number\": 1, \"batches\": "
          + "[{\"batch_id\": \"b\", \"tier\": 1, \"files\": [\"a\"], \"task_prompt\": \"p\"}]}]}";
}
