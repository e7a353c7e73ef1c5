package dev.cfnwave.doctor;

import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engine and its version, with what cfn-wave knows of its bugs (docs/engines.md): Docker
 * 20.10's deadlock on user-defined networks, Podman's missing OOM reports. An engine that does not
 * answer fails.
 */
public record EngineCheck(Backend backend, String network) implements HostCheck {

  @Override
  public List<CheckResult> run() {
    String figure;
    try {
      figure = backend.describe();
    } catch (EngineException e) {
      return List.of(
          new CheckResult(
              "engine",
              e.getMessage(),
              Verdict.FAIL,
              "start dockerd, or point DOCKER_HOST at an engine that runs"));
    }
    List<String> cautions = new ArrayList<>();
    backend.engineCaution().ifPresent(cautions::add);
    Optional.ofNullable(network).flatMap(backend::networkCaution).ifPresent(cautions::add);
    if (cautions.isEmpty()) {
      return List.of(CheckResult.ok("engine", figure));
    }
    return List.of(
        new CheckResult(
            "engine",
            figure,
            Verdict.WARN,
            String.join("; ", cautions) + " (docs/engines.md lists known engine bugs)"));
  }
}
