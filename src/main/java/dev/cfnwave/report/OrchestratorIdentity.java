package dev.cfnwave.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which process orchestrates a run: written to the run folder at start (and again on resume), so
 * that cleanup --orphans can tell whether a run's orchestrator is gone.
 */
public record OrchestratorIdentity(long pid, String startedAt, String host) {

  public static final String FILE = "orchestrator.json";

  public static OrchestratorIdentity current() {
    ProcessHandle self = ProcessHandle.current();
    return new OrchestratorIdentity(
        self.pid(), self.info().startInstant().map(Instant::toString).orElse(""), hostName());
  }

  public void writeTo(Path runDirectory) {
    Json.writeFile(this, runDirectory.resolve(FILE));
  }

  public static Optional<OrchestratorIdentity> readFrom(Path runDirectory) {
    Path file = runDirectory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.MAPPER.readValue(file.toFile(), OrchestratorIdentity.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether that process may still orchestrate the run: on this host, whether it runs (same pid and
   * same start time, so pid reuse is caught); on another host, true, since this one cannot tell.
   */
  @JsonIgnore
  public boolean isAlive() {
    if (!Objects.equals(host, hostName())) {
      return true;
    }
    return ProcessHandle.of(pid)
        .flatMap(p -> p.info().startInstant())
        .map(start -> start.toString().equals(startedAt))
        .orElse(false);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
