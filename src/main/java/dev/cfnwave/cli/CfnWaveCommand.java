package dev.cfnwave.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top-level command, above the subcommands (run, validate, report, runs, status, logs, spawn,
 * monitor, cleanup, tiers, doctor, helpers, skill, help, completion; see Main); alone, it prints
 * the usage.
 */
@Command(
    name = "cfn-wave",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Runs waves of Docker containers in parallel, memory-aware, and cleans up after itself.",
    footer = {
      "",
      "Environment: CFN_LOG_LEVEL (debug, info, warn, error), DOCKER_HOST or DOCKER_CONTEXT"
          + " (with DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, DOCKER_CONFIG as for docker),"
          + " CFN_LOG_DIR (default .artifacts/logs), CFN_LOG_MAX_BYTES (cap of one saved log,"
          + " default 64 MiB), CFN_TIER_1..N_MEMORY, CFN_ENGINE_TIMEOUT (seconds, default 60)."
    })
final class CfnWaveCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INVALID_OR_CRITICAL;
  }
}
