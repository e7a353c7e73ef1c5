package dev.cfnwave.engine;

import dev.cfnwave.ToolFailureException;

/**
 * The engine stopped answering container calls: nothing a batch did, and nothing to retry now. The
 * message says what to do; commands that can continue later add how ({@link #then}).
 */
public final class EngineWedgedException extends ToolFailureException {

  static final String WEDGED =
      "the engine stopped answering container calls: a known Docker 20.10 deadlock if its version"
          + " is below 20.10.27 (moby/moby#46661); restart dockerd";

  static final String HUNG = "the engine stopped answering any call, even a ping; restart dockerd";

  EngineWedgedException(String message) {
    super(message);
  }

  static EngineWedgedException of(EngineHealth.Verdict verdict) {
    return new EngineWedgedException(verdict == EngineHealth.Verdict.HUNG ? HUNG : WEDGED);
  }

  /** The same failure, saying what to run once the engine answers again. */
  public EngineWedgedException then(String command) {
    return new EngineWedgedException(getMessage() + ", then `" + command + "`");
  }
}
