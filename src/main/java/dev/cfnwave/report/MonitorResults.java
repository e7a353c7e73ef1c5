package dev.cfnwave.report;

import java.util.List;

/** monitor's output: how each container of a wave ended, as the spec's results format has it. */
public record MonitorResults(
    Integer waveNumber,
    long monitoringDuration,
    String completionStatus,
    List<ContainerResult> containers,
    Metrics metrics) {

  public static final String COMPLETE = "complete";
  public static final String TIMEOUT = "timeout";

  public MonitorResults {
    containers = List.copyOf(containers);
  }

  /** One container's outcome. exit_code is null while it runs (timeout) or if it never ran. */
  public record ContainerResult(
      String containerId,
      String batchId,
      String status,
      Long exitCode,
      ExitStatus exitStatus,
      String startedAt,
      String completedAt) {}

  /** Counts over all containers; failed includes oom_killed. */
  public record Metrics(int total, int running, int exited, int success, int failed, int timeout) {

    public static Metrics of(List<ContainerResult> results) {
      int running = 0;
      int exited = 0;
      int success = 0;
      int failed = 0;
      int timeout = 0;
      for (ContainerResult r : results) {
        switch (r.exitStatus()) {
          case SUCCESS -> success++;
          case FAILED, OOM_KILLED, REJECTED -> failed++;
          case TIMEOUT -> timeout++;
        }
        if ("running".equals(r.status())) {
          running++;
        } else if (r.exitCode() != null) {
          exited++;
        }
      }
      return new Metrics(results.size(), running, exited, success, failed, timeout);
    }
  }
}
