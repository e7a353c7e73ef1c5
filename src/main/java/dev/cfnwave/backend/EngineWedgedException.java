package dev.cfnwave.backend;

import dev.cfnwave.ToolFailureException;

/**
 * The engine stopped answering container calls: nothing a batch did, and nothing to retry now. The
 * message says what to do; commands that can continue later add how ({@link #then}).
 */
public final class EngineWedgedException extends ToolFailureException {

  public static final String WEDGED =
      "the engine stopped answering container calls: a known Docker 20.10 deadlock if its version"
          + " is below 20.10.27 (moby/moby#46661); restart dockerd";

  public static final String HUNG =
      "the engine stopped answering any call, even a ping; restart dockerd";

  private EngineWedgedException(String message) {
    super(message);
  }

  /** Container calls time out while the engine still answers a ping. */
  public static EngineWedgedException wedged() {
    return new EngineWedgedException(WEDGED);
  }

  /** Every call times out, even a ping. */
  public static EngineWedgedException hung() {
    return new EngineWedgedException(HUNG);
  }

  /** The same failure, saying what to run once the engine answers again. */
  public EngineWedgedException then(String command) {
    return new EngineWedgedException(getMessage() + ", then `" + command + "`");
  }
}
