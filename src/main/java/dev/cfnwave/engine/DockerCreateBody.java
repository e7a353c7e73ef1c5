package dev.cfnwave.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.ContainerSecurity;

/**
 * The body of a container create call for an {@link AttemptSpec}: image, labels, environment, and
 * the host config's limits, hardening and mounts, as a JSON tree (the fields docker-java's
 * HostConfig sent, without binding its models).
 */
final class DockerCreateBody {

  private DockerCreateBody() {}

  static ObjectNode of(AttemptSpec spec, ObjectMapper mapper) {
    ObjectNode body = mapper.createObjectNode();
    body.put("Image", spec.image());
    ObjectNode labels = body.putObject("Labels");
    spec.labels().forEach(labels::put);
    ArrayNode env = body.putArray("Env");
    spec.environment().forEach((key, value) -> env.add(key + "=" + value));
    spec.security().runAs().ifPresent(user -> body.put("User", user));
    body.set("HostConfig", hostConfig(spec, mapper));
    return body;
  }

  private static ObjectNode hostConfig(AttemptSpec spec, ObjectMapper mapper) {
    ObjectNode host = mapper.createObjectNode();
    host.put("Memory", spec.memoryLimitBytes());
    host.put("MemoryReservation", spec.memoryLimitBytes());
    host.put("MemorySwap", spec.memoryLimitBytes());
    harden(host, spec.security());
    spec.workspaceMount()
        .ifPresent(
            path ->
                host.withArrayProperty("Mounts")
                    .addObject()
                    .put("Type", "bind")
                    .put("Source", path.toString())
                    .put("Target", AttemptSpec.WORKSPACE_TARGET));
    spec.outputMount()
        .ifPresent(
            mount ->
                host.withArrayProperty("Mounts")
                    .addObject()
                    .put("Type", "bind")
                    .put("Source", mount.source().toString())
                    .put("Target", mount.target()));
    spec.networkName().ifPresent(network -> host.put("NetworkMode", network));
    return host;
  }

  private static void harden(ObjectNode host, ContainerSecurity security) {
    host.put("Privileged", false);
    host.putArray("SecurityOpt").add("no-new-privileges");
    host.putArray("CapDrop").add("ALL");
    ArrayNode added = host.putArray("CapAdd");
    security.capabilitiesAdded().forEach(added::add);
    host.put("PidsLimit", security.pidsLimit());
    host.put("ReadonlyRootfs", security.readOnlyRootFilesystem());
    if (security.readOnlyRootFilesystem()) {
      host.putObject("Tmpfs").put("/tmp", "rw,nosuid,nodev,size=256m");
    }
  }
}
