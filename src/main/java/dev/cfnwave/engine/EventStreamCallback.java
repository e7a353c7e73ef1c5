package dev.cfnwave.engine;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/** Turns docker-java events into {@link EngineEvent}s; a failing subscriber never ends it. */
final class EventStreamCallback extends ResultCallback.Adapter<Event> {

  private final EventSubscriber subscriber;
  private volatile boolean closing;

  EventStreamCallback(EventSubscriber subscriber) {
    this.subscriber = subscriber;
  }

  /**
   * Closed on purpose by the subscriber: the stream's end is then no news. (docker-java's own
   * onComplete and onError call close() too, so close() itself cannot tell.)
   */
  void closeOnPurpose() throws IOException {
    closing = true;
    close();
  }

  @Override
  public void onNext(Event event) {
    try {
      String id = event.getActor() != null ? event.getActor().getId() : event.getId();
      Map<String, String> attributes =
          event.getActor() == null || event.getActor().getAttributes() == null
              ? Map.of()
              : event.getActor().getAttributes();
      String exit = attributes.get("exitCode");
      Instant time =
          event.getTimeNano() != null
              ? Instant.ofEpochSecond(0, event.getTimeNano())
              : Instant.ofEpochSecond(event.getTime() == null ? 0 : event.getTime());
      subscriber.onEvent(
          new EngineEvent(id, event.getAction(), exit == null ? null : Long.valueOf(exit), time));
    } catch (RuntimeException e) {
      // An exception here would end the stream (docker-java turns it into onError): swallow it,
      // the labelled reconciliation recovers whatever this event would have told.
    }
  }

  @Override
  public void onError(Throwable throwable) {
    super.onError(throwable);
    if (!closing) {
      subscriber.onStreamEnd(throwable);
    }
  }

  @Override
  public void onComplete() {
    super.onComplete();
    if (!closing) {
      subscriber.onStreamEnd(null);
    }
  }
}
