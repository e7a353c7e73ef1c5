package dev.cfnwave.backend;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An image could not be pulled or looked up in its registry. The message is one sentence for the
 * user, naming the image and, for {@link Reason#UNAUTHORIZED}, where the credentials tried came
 * from, never what they are.
 */
public class ImagePullException extends EngineException {

  /** Why, as far as the engine's answer tells. */
  public enum Reason {
    /** The registry refused the credentials tried, or none were found. */
    UNAUTHORIZED,
    /** No such repository, tag or digest. */
    NOT_FOUND,
    /** The registry did not answer (name, connection, TLS). */
    UNREACHABLE,
    /** The engine ran out of disk while storing the layers: the host's problem, not the input's. */
    DISK_FULL,
    /** The registry asked to come back later (429). */
    RATE_LIMITED,
    /** The pull ran past its deadline. */
    TIMED_OUT,
    OTHER
  }

  private final Reason reason;
  private final Duration retryAfter;

  public ImagePullException(Reason reason, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.retryAfter = retryAfter;
  }

  public ImagePullException(Reason reason, String message) {
    this(reason, message, null, null);
  }

  public Reason reason() {
    return reason;
  }

  /** How long the registry asked to wait before trying again, when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
