package dev.cfnwave.doctor;

import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Free disk under the engine's data root (its DockerRootDir, where images and containers' writable
 * layers live), measured as {@link DiskCheck} does when the engine runs on this host.
 */
public record DataRootCheck(Backend backend) implements HostCheck {

  static final String CHECK = "disk (engine data root)";

  @Override
  public List<CheckResult> run() {
    Optional<Path> root;
    try {
      root = backend.localDataRoot();
    } catch (EngineException e) {
      return List.of(new CheckResult(CHECK, e.getMessage(), Verdict.WARN, null));
    }
    if (root.isEmpty()) {
      return List.of(
          CheckResult.ok(CHECK, "not measured: the engine is not on this host, or does not say"));
    }
    if (!Files.exists(root.get())) {
      // An engine in a VM (Docker Desktop) answers on a local socket with the VM's path.
      return List.of(
          CheckResult.ok(CHECK, "not measured: " + root.get() + " is not on this host's disk"));
    }
    return new DiskCheck(CHECK, root.get()).run();
  }
}
