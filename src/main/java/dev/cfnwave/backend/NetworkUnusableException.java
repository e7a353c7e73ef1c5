package dev.cfnwave.backend;

/**
 * The network exists but attempts cannot join it on this backend (Swarm: a network local to the
 * manager): the user has to name another, so launching would only fail batch after batch.
 */
public class NetworkUnusableException extends EngineException {

  public NetworkUnusableException(String message) {
    super(message);
  }
}
