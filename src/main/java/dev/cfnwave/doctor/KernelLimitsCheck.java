package dev.cfnwave.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The kernel's limits that many containers at once run into: process ids and threads (each
 * container costs its processes plus the engine's shim and runc threads), this process's open files
 * (each running container holds a connection to the engine), and the kernel keyring, where runc
 * makes one session keyring per container (root_maxkeys caps root's keys; maxkeys other users').
 *
 * @param containers how many containers may run at once
 */
public record KernelLimitsCheck(HostFiles files, int containers) implements HostCheck {

  /** Process ids and threads a container costs with its shim, counted generously. */
  static final int THREADS_PER_CONTAINER = 20;

  @Override
  public List<CheckResult> run() {
    List<CheckResult> results = new ArrayList<>();
    results.add(
        atLeast(
            "pid_max",
            files.number("sys/kernel/pid_max"),
            (long) containers * THREADS_PER_CONTAINER,
            "sysctl -w kernel.pid_max=4194304"));
    results.add(
        atLeast(
            "threads-max",
            files.number("sys/kernel/threads-max"),
            (long) containers * THREADS_PER_CONTAINER,
            "sysctl -w kernel.threads-max=<larger>"));
    results.add(
        atLeast(
            "open files",
            files.softLimit("Max open files"),
            (long) containers * 4 + 256,
            "ulimit -n 65536 in the shell that runs cfn-wave"));
    results.add(
        atLeast(
            "keyring root_maxkeys",
            files.number("sys/kernel/keys/root_maxkeys"),
            containers + 100L,
            "sysctl -w kernel.keys.root_maxkeys=1000000 kernel.keys.root_maxbytes=25000000"));
    results.add(
        atLeast(
            "keyring maxkeys",
            files.number("sys/kernel/keys/maxkeys"),
            Math.min(200, containers),
            "sysctl -w kernel.keys.maxkeys=20000 (rootless engines)"));
    return results;
  }

  private CheckResult atLeast(String check, OptionalLong value, long needed, String fix) {
    if (value.isEmpty()) {
      return new CheckResult(check, "not readable here", Verdict.OK, null);
    }
    String figure =
        (value.getAsLong() == Long.MAX_VALUE
                ? "unlimited"
                : String.format("%,d", value.getAsLong()))
            + String.format(" (want %,d for %,d containers)", needed, containers);
    return value.getAsLong() >= needed
        ? CheckResult.ok(check, figure)
        : new CheckResult(check, figure, Verdict.WARN, fix);
  }
}
