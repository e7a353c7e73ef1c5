package dev.cfnwave.cli;

import dev.cfnwave.run.Cancellation;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM ask a run to stop its containers and report (exit 130 / 143); a second signal
 * exits at once, which leaves the run resumable because its journal is always on disk.
 */
final class Signals {

  private Signals() {}

  static Cancellation onInterrupt() {
    Cancellation cancellation = new Cancellation();
    handle("INT", 2, cancellation);
    handle("TERM", 15, cancellation);
    return cancellation;
  }

  private static void handle(String name, int number, Cancellation cancellation) {
    Signal.handle(
        new Signal(name),
        signal -> {
          if (cancellation.requested()) {
            Runtime.getRuntime().halt(cancellation.exitCode());
          }
          cancellation.request(number);
        });
  }
}
