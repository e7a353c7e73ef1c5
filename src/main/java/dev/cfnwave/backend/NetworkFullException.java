package dev.cfnwave.backend;

/**
 * The attempt's network had no room left when it started (Docker: a bridge answering "exchange
 * full", a subnet with "no available IPv4 addresses"): something outside the run took the last
 * endpoint between the run's check and the start. Nothing of the attempt is left behind; launching
 * it again once an endpoint frees will do, so it is neither the batch's failure nor a retry.
 */
public class NetworkFullException extends EngineException {

  public NetworkFullException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the engine's message says that a network was full. */
  public static boolean saysNetworkFull(String message) {
    return message != null
        && (message.contains("exchange full")
            || message.contains("no available IPv4 addresses")
            || message.contains("no available IPv6 addresses"));
  }
}
