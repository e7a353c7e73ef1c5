package dev.cfnwave.engine;

import java.time.Duration;

/**
 * Judges from how container calls end whether the engine is wedged: answering nothing on containers
 * while it still runs (Docker 20.10 before 20.10.27 deadlocks in libnetwork, moby/moby#46661). A
 * slow engine, or one paused for a while, is not wedged. Two rules give the verdict, which is
 * final; the first to hold gives it.
 *
 * <p>The probe rule (fast): once a container call has timed out, {@link #probe} sends a container
 * call that a working engine answers at once whatever its load, an inspect of a name no container
 * can have (404). Answered within the probe limit (anything, an error too): the engine is slow, not
 * wedged. Unanswered: a ping is sent. No answer to the ping either: the engine is paused or hung
 * altogether, which this rule does not judge. The ping answered: the engine runs, so the probe gets
 * one more probe limit; still unanswered then, the engine is wedged. So a pause that ends at any
 * point still leaves a running engine a whole probe limit to answer a call that costs it nothing.
 *
 * <p>The streak rule (slow, for what the probe cannot see: a deadlock that holds only some
 * containers' locks, as moby/moby#46661's does, leaves an inspect of an unknown name answering):
 * {@code threshold} container-call timeouts in a row with no container call answered between them,
 * one of them a call that began only after the first timeout (so the engine had more than a whole
 * call limit to recover, and did not). Then a ping decides the wording: answered, the engine is
 * wedged; unanswered, it is hung altogether. A probe's answer does not break the streak.
 *
 * <p>Times are {@link System#nanoTime()} readings; thread-safe.
 */
public final class EngineHealth {

  /** What the calls so far say about the engine. */
  enum Verdict {
    HEALTHY,
    /** Container calls time out while the engine answers a ping. */
    WEDGED,
    /** Container calls and the ping time out. */
    HUNG
  }

  /** What judging may ask of the engine. */
  interface Engine {
    /** Sends a container call that a working engine answers at once: 404 for an unknown name. */
    Answer probe();

    /** Whether the engine answers a ping (within the ping's own limit). */
    boolean ping();
  }

  /** A call sent, perhaps not answered yet. */
  interface Answer {
    /** Whether it has answered (anything, an error too) by the end of {@code limit} from now. */
    boolean within(Duration limit) throws InterruptedException;

    /** Stops waiting for it and frees what it holds. */
    void abandon();
  }

  /** Timeouts in a row that make the engine suspect. */
  public static final int DEFAULT_THRESHOLD = 3;

  /**
   * How long a probe may go unanswered, before and after the ping, unless the call limit is less.
   */
  static final Duration DEFAULT_PROBE_LIMIT = Duration.ofSeconds(5);

  private final int threshold;
  private final Duration probeLimit;
  private int streak;
  private long firstTimeoutAt;
  private boolean lateCallTimedOut;
  private Verdict verdict = Verdict.HEALTHY;

  public EngineHealth(int threshold, Duration probeLimit) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
    }
    if (probeLimit.isNegative() || probeLimit.isZero()) {
      throw new IllegalArgumentException("the probe limit must be positive, got " + probeLimit);
    }
    this.threshold = threshold;
    this.probeLimit = probeLimit;
  }

  /** The probe limit for calls limited to {@code callLimit}: the default, or less. */
  public static Duration probeLimit(Duration callLimit) {
    return DEFAULT_PROBE_LIMIT.compareTo(callLimit) < 0 ? DEFAULT_PROBE_LIMIT : callLimit;
  }

  /** A container call was answered (whatever the answer): the engine works. */
  synchronized void answered() {
    streak = 0;
    lateCallTimedOut = false;
  }

  /**
   * A container call begun at {@code startedAt} timed out at {@code now}.
   *
   * @return whether the streak rule now holds: ask for a ping and {@link #judge} it
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

  /**
   * The probe rule, after a container call timed out: probes {@code engine} and returns the verdict
   * (HEALTHY unless the rule held, or an earlier verdict).
   */
  Verdict probe(Engine engine) throws InterruptedException {
    if (verdict() != Verdict.HEALTHY) {
      return verdict();
    }
    Answer probe = engine.probe();
    try {
      if (probe.within(probeLimit) || !engine.ping() || probe.within(probeLimit)) {
        return verdict();
      }
      return wedged();
    } finally {
      probe.abandon();
    }
  }

  private synchronized Verdict wedged() {
    if (verdict == Verdict.HEALTHY) {
      verdict = Verdict.WEDGED;
    }
    return verdict;
  }

  synchronized Verdict verdict() {
    return verdict;
  }
}
