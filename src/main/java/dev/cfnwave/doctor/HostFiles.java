package dev.cfnwave.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** Reads the kernel's figures under /proc (a test points it at a folder of its own). */
public record HostFiles(Path root) {

  /** This host's /proc. */
  public static HostFiles local() {
    return new HostFiles(Path.of("/proc"));
  }

  /** The number in a file such as sys/kernel/pid_max; empty when it cannot be read. */
  OptionalLong number(String relative) {
    try {
      // Line by line: /proc files report a size of 0, which whole-file reads trust.
      List<String> lines = Files.readAllLines(root.resolve(relative));
      return lines.isEmpty()
          ? OptionalLong.empty()
          : OptionalLong.of(Long.parseLong(lines.get(0).strip()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The soft limit of this process's resource, from self/limits ("Max open files"); empty when not
   * readable, Long.MAX_VALUE when unlimited.
   */
  OptionalLong softLimit(String name) {
    try {
      for (String line : Files.readAllLines(root.resolve("self/limits"))) {
        if (line.startsWith(name)) {
          String soft = line.substring(name.length()).strip().split("\\s+")[0];
          return OptionalLong.of(soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft));
        }
      }
    } catch (IOException | RuntimeException e) {
      // unreadable: said by the caller as not known
    }
    return OptionalLong.empty();
  }
}
