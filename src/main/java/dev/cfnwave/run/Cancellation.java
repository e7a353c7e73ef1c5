package dev.cfnwave.run;

/** Set from a signal handler: the run stops its containers, keeps their logs and reports. */
public final class Cancellation {

  private volatile int signal;

  /** Records the signal (2 for SIGINT, 15 for SIGTERM, 1 for SIGHUP); the first one wins. */
  public void request(int signalNumber) {
    if (signal == 0) {
      signal = signalNumber;
    }
  }

  public boolean requested() {
    return signal != 0;
  }

  /**
   * 130 after SIGINT, 143 after SIGTERM, 129 after SIGHUP: 128 plus the signal, as shells report
   * it.
   */
  public int exitCode() {
    return 128 + signal;
  }
}
