package dev.cfnwave.cli;

import com.github.dockerjava.api.model.Capability;
import dev.cfnwave.engine.ContainerSecurity;
import dev.cfnwave.plan.PlanException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How containers are hardened; the defaults are in {@link ContainerSecurity}. */
final class ContainerOptions {

  @Option(
      names = "--cap-add",
      paramLabel = "CAP",
      description =
          "Give back one capability (all are dropped by default), e.g. CHOWN; repeatable.")
  List<String> capabilities = new ArrayList<>();

  @Option(
      names = "--pids-limit",
      paramLabel = "N",
      defaultValue = "1024",
      description = "Max processes per container (default: ${DEFAULT-VALUE}).")
  long pidsLimit;

  @Option(
      names = "--read-only",
      description =
          "Read-only root filesystem, with a tmpfs at /tmp (the workspace stays writable).")
  boolean readOnly;

  @Option(
      names = "--user",
      paramLabel = "UID[:GID]",
      description = "Run as this user, e.g. 1000:1000.")
  String user;

  @Option(
      names = "--allow-sensitive-mounts",
      description = "Allow a workspace that is / or holds the Docker socket (refused by default).")
  boolean allowSensitiveMounts;

  ContainerSecurity security() {
    List<String> added = new ArrayList<>();
    for (String name : capabilities) {
      String normalized = name.trim().toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
      try {
        Capability.valueOf(normalized);
      } catch (IllegalArgumentException e) {
        throw new PlanException("--cap-add " + name + ": not a Linux capability");
      }
      added.add(normalized);
    }
    if (pidsLimit < 1) {
      throw new PlanException("--pids-limit: must be at least 1, got " + pidsLimit);
    }
    if (user != null && !user.matches("[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?")) {
      throw new PlanException("--user " + user + ": expected UID, UID:GID or a user name");
    }
    return new ContainerSecurity(added, pidsLimit, readOnly, user);
  }
}
