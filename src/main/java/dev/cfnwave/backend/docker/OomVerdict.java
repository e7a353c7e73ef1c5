package dev.cfnwave.backend.docker;

import dev.cfnwave.engine.ContainerDetails;
import dev.cfnwave.engine.ContainerEngine;
import dev.cfnwave.engine.ContainerState;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether the OOM killer ended a container that exited 137, from what the engine offers: its
 * OOMKilled flag (Docker), else this host's kernel log (Podman 4, which never sets the flag).
 */
final class OomVerdict {

  private static final long SIGKILL_EXIT = 137;
  private static final int OOM_FLAG_ASKS = 5;
  private static final Duration OOM_FLAG_PAUSE = Duration.ofMillis(100);

  /** The details with the verdict, and why it is in doubt (null when it is not). */
  record Judged(ContainerDetails details, String doubt) {}

  private final ContainerEngine engine;

  OomVerdict(ContainerEngine engine) {
    this.engine = engine;
  }

  Judged judge(ContainerDetails d) {
    if (engine.capabilities().reportsOomKills()) {
      return new Judged(withSettledOomFlag(d), null);
    }
    if (!killedBySigkill(d)) {
      return new Judged(d, null);
    }
    Optional<Boolean> byKernel = engine.killedByKernelOom(d.id());
    return new Judged(
        d.withOomKilled(byKernel.orElse(false)), byKernel.isPresent() ? null : notConfirmable());
  }

  /**
   * The engine can report a container's exit before the kernel's OOM notice reaches it (containerd
   * sends them apart; the engine sets OOMKilled when the second arrives), so an exit of 137 without
   * the flag is asked again for a short while before it counts as a plain kill.
   */
  private ContainerDetails withSettledOomFlag(ContainerDetails d) {
    for (int ask = 0; ask < OOM_FLAG_ASKS && killedBySigkill(d) && !d.oomKilled(); ask++) {
      try {
        Thread.sleep(OOM_FLAG_PAUSE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return d;
      }
      d = engine.inspect(d.id());
    }
    return d;
  }

  private static boolean killedBySigkill(ContainerDetails d) {
    return d.state() == ContainerState.EXITED && Long.valueOf(SIGKILL_EXIT).equals(d.exitCode());
  }

  private String notConfirmable() {
    return "killed (exit 137): OOM not confirmable ("
        + engine.capabilities().info().describe()
        + " does not report OOM kills, and this host's kernel log cannot be read)";
  }
}
