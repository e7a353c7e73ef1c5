package dev.cfnwave.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Whether the kernel's OOM killer ended a container, from the kernel's log on this host: its {@code
 * oom-kill:} line names the memory cgroup, whose path holds the container's id under every cgroup
 * layout (Podman's {@code libpod-ID}, Docker's {@code docker/ID}). For engines that do not report
 * OOM kills themselves (Podman 4); a remote engine's containers are not in this host's log.
 */
final class KernelOomLog {

  private static final long READ_LIMIT_SECONDS = 5;

  private final Supplier<Optional<String>> kernelLog;

  KernelOomLog(Supplier<Optional<String>> kernelLog) {
    this.kernelLog = kernelLog;
  }

  /** Reads the log with {@code dmesg}; empty when it cannot (not installed, not allowed). */
  static KernelOomLog ofHost() {
    return new KernelOomLog(KernelOomLog::dmesg);
  }

  /**
   * True when the log names the container's cgroup in an OOM kill, empty when it cannot be read.
   */
  Optional<Boolean> killed(String containerId) {
    if (!containerId.matches("[0-9a-f]{64}")) {
      return Optional.empty();
    }
    return kernelLog.get().map(log -> namesKill(log, containerId));
  }

  private static boolean namesKill(String log, String containerId) {
    for (String line : log.split("\n")) {
      int at = line.indexOf("oom-kill:");
      if (at >= 0 && memcgOf(line.substring(at)).contains(containerId)) {
        return true;
      }
    }
    return false;
  }

  private static String memcgOf(String oomKillLine) {
    int at = oomKillLine.indexOf("oom_memcg=");
    if (at < 0) {
      return "";
    }
    int end = oomKillLine.indexOf(',', at);
    return oomKillLine.substring(at, end < 0 ? oomKillLine.length() : end);
  }

  private static Optional<String> dmesg() {
    try {
      Process p =
          new ProcessBuilder("dmesg").redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(READ_LIMIT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
