package dev.cfnwave.preview;

import dev.cfnwave.backend.Backend;
import dev.cfnwave.doctor.AddressPoolsCheck;
import dev.cfnwave.doctor.CheckResult;
import dev.cfnwave.doctor.DataRootCheck;
import dev.cfnwave.doctor.DiskCheck;
import dev.cfnwave.doctor.Doctor;
import dev.cfnwave.doctor.HostCheck;
import dev.cfnwave.doctor.MemoryCheck;
import dev.cfnwave.doctor.NetworkCheck;
import dev.cfnwave.doctor.Verdict;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.plan.Wave;
import dev.cfnwave.preview.PreviewDocument.Start;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The doctor's checks that concern a plan, run for a preview so that a run that cannot fit is
 * warned about before it starts: the run's networks against the most batches the replay runs at
 * once, the address pools for the networks it would create, memory against the largest wave, free
 * disk under the runs folder and the engine's data root. Each check that is not fine becomes one
 * warning, "doctor: check: figure (fix)".
 */
final class PlanChecks {

  private PlanChecks() {}

  /**
   * @param backend null when the engine did not answer: only the runs folder is checked
   * @param networks the run's networks (none: nothing attached)
   * @param runsDirectory null: not checked
   * @param memoryAlreadySaid the preview warned of its own budget replay (rounds, unfit batches):
   *     the doctor's memory line would repeat it
   */
  static List<String> warnings(
      Backend backend,
      List<String> networks,
      List<Wave> waves,
      List<Start> starts,
      Path runsDirectory,
      boolean memoryAlreadySaid) {
    List<HostCheck> checks = new ArrayList<>();
    if (backend != null && !waves.isEmpty()) {
      if (!networks.isEmpty()) {
        checks.add(new NetworkCheck(backend, networks, peakAtOnce(waves, starts)));
        checks.add(new AddressPoolsCheck(backend, networks));
      }
      if (!memoryAlreadySaid) {
        checks.add(new MemoryCheck(backend, largestWave(waves), largestBatch(waves)));
      }
      checks.add(new DataRootCheck(backend));
    }
    if (runsDirectory != null) {
      checks.add(new DiskCheck("disk (runs folder)", runsDirectory));
    }
    List<String> warnings = new ArrayList<>();
    for (CheckResult r : Doctor.examine(checks).checks()) {
      if (r.verdict() != Verdict.OK) {
        warnings.add(
            "doctor: "
                + r.check()
                + ": "
                + r.figure()
                + (r.fix() == null ? "" : " (" + r.fix() + ")"));
      }
    }
    return warnings;
  }

  /**
   * The most batches the replay has running at once: where every start and duration is known, the
   * most whose predicted runs overlap; else, per wave, those starting in its first round (all of it
   * without a budget).
   */
  static int peakAtOnce(List<Wave> waves, List<Start> starts) {
    int peak = 0;
    Map<Integer, List<Start>> byWave =
        starts.stream()
            .collect(Collectors.groupingBy(Start::waveNumber, TreeMap::new, Collectors.toList()));
    for (Wave wave : waves) {
      List<Start> own = byWave.getOrDefault(wave.waveNumber(), List.of());
      if (own.isEmpty()) {
        continue;
      }
      int first = own.stream().mapToInt(s -> s.round() == null ? 1 : s.round()).min().orElse(1);
      int atOutset =
          (int) own.stream().filter(s -> s.round() == null || s.round() == first).count();
      peak = Math.max(peak, Math.max(atOutset, overlapping(own)));
    }
    return peak;
  }

  /** The most predicted runs that overlap, 0 when a start or a duration is not known. */
  private static int overlapping(List<Start> starts) {
    List<double[]> edges = new ArrayList<>();
    for (Start s : starts) {
      if (s.startsAtSeconds() == null || s.expectedSeconds() == null) {
        return 0;
      }
      edges.add(new double[] {s.startsAtSeconds(), 1});
      edges.add(new double[] {s.startsAtSeconds() + s.expectedSeconds(), -1});
    }
    // An end at the same moment as a start frees its place first.
    edges.sort(Comparator.<double[]>comparingDouble(e -> e[0]).thenComparingDouble(e -> e[1]));
    int running = 0;
    int most = 0;
    for (double[] e : edges) {
      running += (int) e[1];
      most = Math.max(most, running);
    }
    return most;
  }

  private static MemorySize largestWave(List<Wave> waves) {
    return waves.stream()
        .map(Wave::totalMemory)
        .max(Comparator.comparingLong(MemorySize::bytes))
        .orElseThrow();
  }

  private static MemorySize largestBatch(List<Wave> waves) {
    return waves.stream()
        .flatMap(w -> w.batches().stream())
        .map(Batch::memoryLimit)
        .max(Comparator.comparingLong(MemorySize::bytes))
        .orElseThrow();
  }
}
