package dev.cfnwave.engine;

/**
 * Judges from how container calls end whether the engine is wedged: answering nothing on containers
 * while it still runs (Docker 20.10 before 20.10.27 deadlocks in libnetwork, moby/moby#46661). A
 * slow engine, or one paused for a while, is not wedged: that takes {@code threshold} timeouts in a
 * row with no answer between them, one of them a call that began only after the first timeout (so
 * the engine had more than a whole call limit to recover, and did not). Then a ping decides the
 * wording: answered, the engine is wedged; unanswered, it is hung altogether. The verdict is final.
 * Times are {@link System#nanoTime()} readings; thread-safe.
 */
final class EngineHealth {

  /** What the calls so far say about the engine. */
  enum Verdict {
    HEALTHY,
    /** Container calls time out while the engine answers a ping. */
    WEDGED,
    /** Container calls and the ping time out. */
    HUNG
  }

  /** Timeouts in a row that make the engine suspect. */
  static final int DEFAULT_THRESHOLD = 3;

  private final int threshold;
  private int streak;
  private long firstTimeoutAt;
  private boolean lateCallTimedOut;
  private Verdict verdict = Verdict.HEALTHY;

  EngineHealth(int threshold) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
    }
    this.threshold = threshold;
  }

  /** A container call was answered (whatever the answer): the engine works. */
  synchronized void answered() {
    streak = 0;
    lateCallTimedOut = false;
  }

  /**
   * A container call begun at {@code startedAt} timed out at {@code now}.
   *
   * @return whether the engine is now suspect: ask for a ping and {@link #judge} it
   */
  synchronized boolean timedOut(long startedAt, long now) {
    if (streak == 0) {
      firstTimeoutAt = now;
    } else if (startedAt - firstTimeoutAt >= 0) {
      lateCallTimedOut = true;
    }
    streak++;
    return suspect();
  }

  /** Whether enough timeouts came in a row, one of them late, to ask for a ping. */
  synchronized boolean suspect() {
    return verdict == Verdict.HEALTHY && streak >= threshold && lateCallTimedOut;
  }

  /** The verdict once a suspect engine's ping answered or not; HEALTHY while it is not suspect. */
  synchronized Verdict judge(boolean pingAnswered) {
    if (suspect()) {
      verdict = pingAnswered ? Verdict.WEDGED : Verdict.HUNG;
    }
    return verdict;
  }

  synchronized Verdict verdict() {
    return verdict;
  }
}
