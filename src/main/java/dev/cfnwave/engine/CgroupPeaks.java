package dev.cfnwave.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The highest memory a running container has used, read from its memory cgroup on this host: cgroup
 * v2's {@code memory.peak} (kernel 5.19 and later) or v1's {@code memory.max_usage_in_bytes}, each
 * exact for the cgroup's life. Tried under Docker's and Podman's layouts for the cgroupfs and the
 * systemd drivers; a container of a remote engine, or one that ended (its cgroup goes with its last
 * process), has none here.
 */
final class CgroupPeaks {

  private final Path root;

  CgroupPeaks(Path root) {
    this.root = root;
  }

  static CgroupPeaks ofHost() {
    return new CgroupPeaks(Path.of("/sys/fs/cgroup"));
  }

  OptionalLong peak(String containerId) {
    if (!containerId.matches("[0-9a-f]{64}")) {
      return OptionalLong.empty();
    }
    for (Path file : candidates(containerId)) {
      try {
        return OptionalLong.of(Long.parseLong(Files.readString(file).trim()));
      } catch (IOException | NumberFormatException e) {
        // not this layout, or the container ended in between: try the next
      }
    }
    return OptionalLong.empty();
  }

  private List<Path> candidates(String id) {
    return List.of(
        root.resolve("memory/docker/" + id + "/memory.max_usage_in_bytes"),
        root.resolve("memory/system.slice/docker-" + id + ".scope/memory.max_usage_in_bytes"),
        root.resolve("docker/" + id + "/memory.peak"),
        root.resolve("system.slice/docker-" + id + ".scope/memory.peak"),
        root.resolve("memory/libpod_parent/libpod-" + id + "/memory.max_usage_in_bytes"),
        root.resolve("memory/machine.slice/libpod-" + id + ".scope/memory.max_usage_in_bytes"),
        root.resolve("machine.slice/libpod-" + id + ".scope/memory.peak"));
  }
}
