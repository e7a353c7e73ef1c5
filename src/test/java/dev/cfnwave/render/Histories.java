package dev.cfnwave.render;

import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.render.RunHistory.AttemptHistory;
import dev.cfnwave.render.RunHistory.BatchHistory;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.report.FailureRule;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A run history for the renderers' tests: every kind of batch ending, over two waves. */
final class Histories {

  static final Instant T0 = Instant.parse("2025-11-14T10:30:45Z");

  private Histories() {}

  static AttemptHistory attempt(
      int number, int from, int to, ExitStatus status, Long code, Path log) {
    return new AttemptHistory(
        number,
        "cfn-wave1-b-r" + number,
        "h" + number,
        1,
        MemorySize.parse("512m"),
        T0.plusSeconds(from - 1),
        T0.plusSeconds(from),
        T0.plusSeconds(from + 1),
        T0.plusSeconds(from + 1),
        T0.plusSeconds(to),
        T0.plusSeconds(to),
        code,
        status,
        null,
        log,
        null,
        null,
        null,
        null);
  }

  /** The attempt with the failure rule that fired when it ended. */
  static AttemptHistory withRule(AttemptHistory a, FailureRule rule) {
    return new AttemptHistory(
        a.number(),
        a.name(),
        a.handle(),
        a.tier(),
        a.memoryLimit(),
        a.queuedAt(),
        a.admittedAt(),
        a.launchedAt(),
        a.startedAt(),
        a.completedAt(),
        a.endedAt(),
        a.exitCode(),
        a.exitStatus(),
        a.error(),
        a.log(),
        a.peakMemory(),
        a.node(),
        a.image(),
        a.imageDigest(),
        a.output(),
        rule);
  }

  /** The attempt with another memory limit and a measured peak. */
  static AttemptHistory sized(AttemptHistory a, String limit, String peak) {
    return new AttemptHistory(
        a.number(),
        a.name(),
        a.handle(),
        a.tier(),
        MemorySize.parse(limit),
        a.queuedAt(),
        a.admittedAt(),
        a.launchedAt(),
        a.startedAt(),
        a.completedAt(),
        a.endedAt(),
        a.exitCode(),
        a.exitStatus(),
        a.error(),
        a.log(),
        peak == null ? null : MemorySize.parse(peak),
        a.node(),
        a.image(),
        a.imageDigest());
  }

  /**
   * Wave 1: ok (one attempt), flaky (failed, then passed), broken (failed twice, the second with a
   * hostile log), slow (timed out). Wave 2: oom (OOM-killed), later (not started).
   */
  static RunHistory mixed(Path hostileLog) {
    return new RunHistory(
        "r1",
        "fix-ts",
        "timeout",
        "waves",
        MemorySize.parse("1g"),
        T0,
        T0.plusSeconds(40),
        40,
        List.of(
            new BatchHistory(
                "ok", 1, "success", List.of(attempt(1, 1, 5, ExitStatus.SUCCESS, 0L, null))),
            new BatchHistory(
                "flaky",
                1,
                "success",
                List.of(
                    attempt(1, 1, 3, ExitStatus.FAILED, 1L, null),
                    attempt(2, 6, 9, ExitStatus.SUCCESS, 0L, null))),
            new BatchHistory(
                "broken",
                1,
                "failed",
                List.of(
                    attempt(1, 2, 4, ExitStatus.FAILED, 3L, null),
                    attempt(2, 7, 8, ExitStatus.FAILED, 3L, hostileLog))),
            new BatchHistory(
                "slow", 1, "timeout", List.of(attempt(1, 5, 20, ExitStatus.TIMEOUT, 137L, null))),
            new BatchHistory(
                "oom",
                2,
                "oom_killed",
                List.of(attempt(1, 21, 25, ExitStatus.OOM_KILLED, 137L, null))),
            new BatchHistory("later", 2, "not_started", List.of())));
  }
}
