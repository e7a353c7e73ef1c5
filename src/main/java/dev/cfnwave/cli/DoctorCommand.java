package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.attempt.Networks;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.doctor.AddressPoolsCheck;
import dev.cfnwave.doctor.CheckResult;
import dev.cfnwave.doctor.DataRootCheck;
import dev.cfnwave.doctor.DiskCheck;
import dev.cfnwave.doctor.Doctor;
import dev.cfnwave.doctor.EngineCheck;
import dev.cfnwave.doctor.HostCheck;
import dev.cfnwave.doctor.HostFiles;
import dev.cfnwave.doctor.ImagesCheck;
import dev.cfnwave.doctor.KernelLimitsCheck;
import dev.cfnwave.doctor.MemoryCheck;
import dev.cfnwave.doctor.NetworkCheck;
import dev.cfnwave.image.NeededImage;
import dev.cfnwave.image.RunImages;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.PlanReader;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.plan.WavePlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One screen about the host before a big run: each check with its figure, verdict and fix. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Check the host against a plan before a run: the engine and its known bugs, memory against"
          + " the plan's largest wave, each network's free endpoints, the default address pools"
          + " left for new networks, the kernel's pid, thread, open-file and keyring limits, free"
          + " disk under the runs folder and the engine's data root, the plan's images.",
      "Each line: verdict (ok, warn, fail), check, figure, and what to do. The JSON document goes"
          + " to stdout, the screen to stderr; exit 1 when a check fails."
    })
final class DoctorCommand implements Callable<Integer> {

  /** Without a plan, the checks count for as many containers as one bridge takes. */
  static final int CONTAINERS_WITHOUT_PLAN = 1023;

  private final Context context;

  @Option(names = "--wave-plan", paramLabel = "FILE", description = "Wave plan JSON to check for.")
  Path wavePlan;

  @Option(
      names = "--network",
      paramLabel = "NAME",
      description = "The run's network (env CFN_DOCKER_NETWORK; now: ${DEFAULT-VALUE}).")
  String network;

  @Option(
      names = "--base-image",
      paramLabel = "IMAGE",
      description =
          "Image of batches without their own (env CFN_DOCKER_IMAGE; now: ${DEFAULT-VALUE}).")
  String baseImage;

  @Option(
      names = "--networks-per-run",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "The run's networks: the network, then NAME-2, NAME-3, ... (as run's option; default:"
              + " ${DEFAULT-VALUE}).")
  int networksPerRun;

  @Option(
      names = "--runs-dir",
      paramLabel = "DIR",
      defaultValue = ".artifacts/runs",
      description = "Where runs keep their folders (default: ${DEFAULT-VALUE}).")
  Path runsDirectory;

  @Mixin CommonOptions common;

  DoctorCommand(Context context) {
    this.context = context;
  }

  /** The document on stdout. */
  record Document(String verdict, List<Line> checks) {}

  /** One check's result. */
  record Line(String check, String figure, String verdict, String fix) {}

  @Override
  public Integer call() {
    if (networksPerRun < 1) {
      throw new InputException("--networks-per-run " + networksPerRun, "must be at least 1");
    }
    context.useBackend(common.backend);
    WavePlan plan =
        wavePlan == null
            ? null
            : new PlanReader(TierTable.fromEnvironment(context.environment), w -> {})
                .read(wavePlan);
    Backend backend = context.backend();
    Doctor.Findings findings = Doctor.examine(checks(backend, plan));
    print(findings);
    List<Line> lines = new ArrayList<>();
    for (CheckResult r : findings.checks()) {
      lines.add(new Line(r.check(), r.figure(), r.verdict().wireName(), r.fix()));
    }
    DocumentOutput.emit(context, new Document(findings.verdict().wireName(), lines), null);
    return findings.failed() ? ExitCodes.SOME_FAILED : ExitCodes.OK;
  }

  private List<HostCheck> checks(Backend backend, WavePlan plan) {
    int containers = plan == null ? CONTAINERS_WITHOUT_PLAN : largestWave(plan).batches().size();
    List<HostCheck> checks = new ArrayList<>();
    checks.add(new EngineCheck(backend, network));
    checks.add(
        plan == null
            ? new MemoryCheck(backend, null, null)
            : new MemoryCheck(
                backend,
                largestWave(plan).totalMemory(),
                plan.waves().stream()
                    .flatMap(w -> w.batches().stream())
                    .map(Batch::memoryLimit)
                    .max(Comparator.comparingLong(MemorySize::bytes))
                    .orElseThrow()));
    if (network != null && !network.isBlank()) {
      List<String> networks = Networks.names(network, networksPerRun);
      checks.add(new NetworkCheck(backend, networks, plan == null ? 0 : containers));
      if (!Networks.isBuiltIn(network)) {
        checks.add(new AddressPoolsCheck(backend, networks));
      }
    }
    checks.add(new KernelLimitsCheck(HostFiles.local(), containers));
    checks.add(new DiskCheck("disk (runs folder)", runsDirectory));
    checks.add(new DataRootCheck(backend));
    if (plan != null) {
      checks.add(
          new ImagesCheck(
              backend,
              RunImages.of(plan, baseImage, w -> true).stream().map(NeededImage::image).toList()));
    }
    return checks;
  }

  private static Wave largestWave(WavePlan plan) {
    return plan.waves().stream()
        .max(Comparator.comparingLong(w -> w.totalMemory().bytes()))
        .orElseThrow();
  }

  private void print(Doctor.Findings findings) {
    int width = findings.checks().stream().mapToInt(r -> r.check().length()).max().orElse(10);
    for (CheckResult r : findings.checks()) {
      context.err.printf(
          "%-4s  %-" + width + "s  %s%n", r.verdict().wireName(), r.check(), r.figure());
      if (r.fix() != null) {
        context.err.printf("      %-" + width + "s  fix: %s%n", "", r.fix());
      }
    }
    context.err.println("cfn-wave doctor: " + findings.verdict().wireName());
  }
}
