package dev.cfnwave.it;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A named pipe in the workspace that containers block on ({@code cat /workspace/gate}) until it is
 * opened: then every waiting reader gets end-of-file at the same instant, so hundreds of containers
 * exit within milliseconds of each other, without burning CPU while they wait.
 */
final class FifoGate {

  static final String SCRIPT_WAIT = "cat /workspace/gate >/dev/null";

  private final Path fifo;

  private FifoGate(Path fifo) {
    this.fifo = fifo;
  }

  static FifoGate in(Path workspace) throws Exception {
    Path fifo = workspace.resolve("gate");
    run("mkfifo", "-m", "666", fifo.toString());
    return new FifoGate(fifo);
  }

  /**
   * Opens and closes the pipe for writing until {@code allEnded} holds: readers that came late
   * (still starting when it first opened) are let through too.
   */
  void openUntil(BooleanSupplier allEnded, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              run("timeout", "1", "sh", "-c", "exec 3>" + fifo);
              return allEnded.getAsBoolean();
            });
  }

  private static void run(String... command) throws Exception {
    new ProcessBuilder(List.of(command)).inheritIO().start().waitFor();
  }
}
