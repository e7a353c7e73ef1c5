package dev.cfnwave.backend.swarm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.ContainerSecurity;
import java.time.Duration;
import java.util.Map;

/**
 * The service that runs one attempt on Swarm (API 1.41): one replica, never restarted, memory
 * reserved and limited to the attempt's limit, the attempt's labels on the service and on its
 * containers, its environment, the workspace bind-mounted, and the hardening the services API can
 * express: every capability dropped but those added back, a pids limit, a read-only root with a
 * tmpfs /tmp, the user, no-new-privileges where the manager's API has it ({@link
 * ServiceHardening}); the placement constraints. It cannot express a memory-swap limit or a seccomp
 * choice; services are never privileged.
 */
final class SwarmServiceSpecs {

  /** How long a stopped task has between SIGTERM and SIGKILL (Swarm's own default). */
  static final Duration STOP_GRACE = Duration.ofSeconds(10);

  /** The node-local network that means "no network": attach no swarm network at all. */
  static final String NO_NETWORK = "none";

  private SwarmServiceSpecs() {}

  /** Without no-new-privileges, as for a manager before API 1.44. */
  static ObjectNode of(AttemptSpec spec, ObjectMapper mapper) {
    return of(spec, mapper, false);
  }

  static ObjectNode of(AttemptSpec spec, ObjectMapper mapper, boolean noNewPrivileges) {
    ObjectNode service = mapper.createObjectNode();
    service.put("Name", spec.name());
    service.set("Labels", labels(spec.labels(), mapper));
    ObjectNode task = service.putObject("TaskTemplate");
    ObjectNode container = container(spec, mapper);
    if (noNewPrivileges) {
      container.putObject("Privileges").put("NoNewPrivileges", true);
    }
    task.set("ContainerSpec", container);
    ObjectNode resources = task.putObject("Resources");
    resources
        .putObject("Limits")
        .put("MemoryBytes", spec.memoryLimitBytes())
        .put("Pids", spec.security().pidsLimit());
    resources.putObject("Reservations").put("MemoryBytes", spec.memoryLimitBytes());
    ObjectNode restart = task.putObject("RestartPolicy");
    restart.put("Condition", "none");
    restart.put("MaxAttempts", 0);
    if (!spec.constraints().isEmpty()) {
      ArrayNode constraints = task.putObject("Placement").putArray("Constraints");
      spec.constraints().forEach(constraints::add);
    }
    spec.networkName()
        .filter(network -> !NO_NETWORK.equals(network))
        .ifPresent(network -> task.putArray("Networks").addObject().put("Target", network));
    service.putObject("Mode").putObject("Replicated").put("Replicas", 1);
    return service;
  }

  private static ObjectNode container(AttemptSpec spec, ObjectMapper mapper) {
    ObjectNode container = mapper.createObjectNode();
    container.put("Image", spec.image());
    container.put("StopGracePeriod", STOP_GRACE.toNanos());
    container.set("Labels", labels(spec.labels(), mapper));
    ArrayNode env = container.putArray("Env");
    spec.environment().forEach((key, value) -> env.add(key + "=" + value));
    ContainerSecurity security = spec.security();
    container.putArray("CapabilityDrop").add("ALL");
    ArrayNode added = container.putArray("CapabilityAdd");
    security
        .capabilitiesAdded()
        .forEach(cap -> added.add(cap.startsWith("CAP_") ? cap : "CAP_" + cap));
    container.put("ReadOnly", security.readOnlyRootFilesystem());
    security.runAs().ifPresent(user -> container.put("User", user));
    ArrayNode mounts = container.putArray("Mounts");
    spec.workspaceMount()
        .ifPresent(
            path ->
                mounts
                    .addObject()
                    .put("Type", "bind")
                    .put("Source", path.toString())
                    .put("Target", AttemptSpec.WORKSPACE_TARGET));
    if (security.readOnlyRootFilesystem()) {
      ObjectNode tmp = mounts.addObject().put("Type", "tmpfs").put("Target", "/tmp");
      tmp.putObject("TmpfsOptions").put("SizeBytes", 256L << 20);
    }
    return container;
  }

  private static ObjectNode labels(Map<String, String> labels, ObjectMapper mapper) {
    ObjectNode node = mapper.createObjectNode();
    labels.forEach(node::put);
    return node;
  }
}
