package dev.cfnwave.cli;

import dev.cfnwave.run.Cancellation;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While open, SIGINT, SIGTERM and SIGHUP (the terminal closed) ask a run to stop its containers and
 * report (exit 130 / 143 / 129: 128 plus the signal, as shells report it); a second signal exits at
 * once, which leaves the run resumable because its journal is always on disk. A signal the process
 * started with ignored (nohup) stays ignored. Closing puts the previous handlers back.
 */
final class Signals implements AutoCloseable {

  private final Cancellation cancellation = new Cancellation();
  private final SignalHandler previousInt;
  private final SignalHandler previousTerm;
  private final SignalHandler previousHup;

  private Signals() {
    previousInt = Signal.handle(new Signal("INT"), handler(2));
    previousTerm = Signal.handle(new Signal("TERM"), handler(15));
    previousHup = Signal.handle(new Signal("HUP"), handler(1));
  }

  static Signals onInterrupt() {
    return new Signals();
  }

  Cancellation cancellation() {
    return cancellation;
  }

  private SignalHandler handler(int number) {
    return signal -> {
      if (cancellation.requested()) {
        Runtime.getRuntime().halt(cancellation.exitCode());
      }
      cancellation.request(number);
    };
  }

  @Override
  public void close() {
    Signal.handle(new Signal("INT"), previousInt);
    Signal.handle(new Signal("TERM"), previousTerm);
    Signal.handle(new Signal("HUP"), previousHup);
  }
}
