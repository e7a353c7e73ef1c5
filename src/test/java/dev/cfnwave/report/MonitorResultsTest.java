package dev.cfnwave.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.report.MonitorResults.ContainerResult;
import dev.cfnwave.report.MonitorResults.Metrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorResultsTest {

  private static ContainerResult result(String status, Long exitCode, ExitStatus exitStatus) {
    return new ContainerResult(
        "id-" + status, "batch", status, exitCode, exitStatus, "2026-01-02T03:04:05Z", null);
  }

  @Test
  void metricsCountEveryOutcome() {
    Metrics metrics =
        Metrics.of(
            List.of(
                result("exited", 0L, ExitStatus.SUCCESS),
                result("exited", 0L, ExitStatus.SUCCESS),
                result("exited", 1L, ExitStatus.FAILED),
                result("exited", 137L, ExitStatus.OOM_KILLED),
                result("running", null, ExitStatus.TIMEOUT)));

    assertThat(metrics).isEqualTo(new Metrics(5, 1, 4, 2, 2, 1));
  }

  @Test
  void oomKilledCountsAsFailed() {
    Metrics metrics = Metrics.of(List.of(result("exited", 0L, ExitStatus.OOM_KILLED)));

    assertThat(metrics.failed()).isEqualTo(1);
    assertThat(metrics.success()).isZero();
  }

  @Test
  void containerThatNeverRanIsFailedButNotExited() {
    Metrics metrics = Metrics.of(List.of(result("created", null, ExitStatus.FAILED)));

    assertThat(metrics).isEqualTo(new Metrics(1, 0, 0, 0, 1, 0));
  }

  @Test
  void timedOutContainerStillRunningCountsAsBothRunningAndTimeout() {
    Metrics metrics = Metrics.of(List.of(result("running", null, ExitStatus.TIMEOUT)));

    assertThat(metrics.running()).isEqualTo(1);
    assertThat(metrics.timeout()).isEqualTo(1);
    assertThat(metrics.exited()).isZero();
  }

  @Test
  void noContainersGiveZeroCounts() {
    assertThat(Metrics.of(List.of())).isEqualTo(new Metrics(0, 0, 0, 0, 0, 0));
  }

  @Test
  void containersAreCopied() {
    List<ContainerResult> containers =
        new java.util.ArrayList<>(List.of(result("exited", 0L, ExitStatus.SUCCESS)));
    MonitorResults results =
        new MonitorResults(1, 10, MonitorResults.COMPLETE, containers, Metrics.of(containers));
    containers.clear();

    assertThat(results.containers()).hasSize(1);
  }
}
