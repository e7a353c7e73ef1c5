package dev.cfnwave.engine;

/** Receives the engine's container events; called from the stream's own thread. */
public interface EventSubscriber {

  void onEvent(EngineEvent event);

  /** The stream ended, because of an error (cause non-null) or because the engine closed it. */
  void onStreamEnd(Throwable cause);
}
