package dev.cfnwave.event;

/** Receives {@link WaveEvent}s; implementations must be safe to call from several threads. */
@FunctionalInterface
public interface WaveListener {

  WaveListener NONE = event -> {};

  void on(WaveEvent event);

  default void warn(String message) {
    on(new WaveEvent.Note(WaveEvent.Level.WARN, message));
  }

  default void info(String message) {
    on(new WaveEvent.Note(WaveEvent.Level.INFO, message));
  }

  default void debug(String message) {
    on(new WaveEvent.Note(WaveEvent.Level.DEBUG, message));
  }
}
