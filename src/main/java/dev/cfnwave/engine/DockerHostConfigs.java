package dev.cfnwave.engine;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.ContainerSecurity;
import java.util.List;
import java.util.Map;

/** What a {@link AttemptSpec} asks of the engine's host config: limits, hardening, mounts. */
final class DockerHostConfigs {

  private DockerHostConfigs() {}

  static HostConfig of(AttemptSpec spec) {
    HostConfig hostConfig =
        HostConfig.newHostConfig()
            .withMemory(spec.memoryLimitBytes())
            .withMemoryReservation(spec.memoryLimitBytes())
            .withMemorySwap(spec.memoryLimitBytes());
    harden(hostConfig, spec.security());
    spec.workspaceMount()
        .ifPresent(
            path ->
                hostConfig.withMounts(
                    List.of(
                        new Mount()
                            .withType(MountType.BIND)
                            .withSource(path.toString())
                            .withTarget(AttemptSpec.WORKSPACE_TARGET))));
    spec.networkName().ifPresent(hostConfig::withNetworkMode);
    return hostConfig;
  }

  private static void harden(HostConfig hostConfig, ContainerSecurity security) {
    hostConfig
        .withPrivileged(false)
        .withSecurityOpts(List.of("no-new-privileges"))
        .withCapDrop(Capability.ALL)
        .withCapAdd(
            security.capabilitiesAdded().stream()
                .map(Capability::valueOf)
                .toArray(Capability[]::new))
        .withPidsLimit(security.pidsLimit())
        .withReadonlyRootfs(security.readOnlyRootFilesystem());
    if (security.readOnlyRootFilesystem()) {
      hostConfig.withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=256m"));
    }
  }
}
