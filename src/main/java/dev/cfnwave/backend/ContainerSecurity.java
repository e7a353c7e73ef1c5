package dev.cfnwave.backend;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The hardening every container gets (CIS Docker Benchmark, section 5): never privileged,
 * no-new-privileges, every capability dropped but those added back, a pids limit, the engine's
 * default seccomp profile (never unconfined); optionally a read-only root filesystem with a tmpfs
 * /tmp, and a non-root user.
 */
public record ContainerSecurity(
    List<String> capabilitiesAdded, long pidsLimit, boolean readOnlyRootFilesystem, String user) {

  /** Enough processes for an agent and its tools, few enough to stop a fork bomb. */
  public static final long DEFAULT_PIDS_LIMIT = 1024;

  public static final ContainerSecurity DEFAULT =
      new ContainerSecurity(List.of(), DEFAULT_PIDS_LIMIT, false, null);

  public ContainerSecurity {
    capabilitiesAdded = List.copyOf(Objects.requireNonNull(capabilitiesAdded));
    if (pidsLimit < 1) {
      throw new IllegalArgumentException("pids limit must be at least 1");
    }
  }

  public Optional<String> runAs() {
    return Optional.ofNullable(user);
  }
}
