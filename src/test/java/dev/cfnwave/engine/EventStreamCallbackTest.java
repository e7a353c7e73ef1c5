package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventActor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad event or a failing subscriber never ends the stream; only a real end is reported. */
class EventStreamCallbackTest {

  private final List<EngineEvent> events = new ArrayList<>();
  private final List<String> ends = new ArrayList<>();
  private final EventStreamCallback callback =
      new EventStreamCallback(
          new EventSubscriber() {
            @Override
            public void onEvent(EngineEvent event) {
              if (event.containerId().equals("explodes")) {
                throw new IllegalStateException("a bug in the handler");
              }
              events.add(event);
            }

            @Override
            public void onStreamEnd(Throwable cause) {
              ends.add(String.valueOf(cause));
            }
          });

  @Test
  void eventsAfterAMalformedOneOrAFailingHandlerStillArrive() {
    assertThatCode(
            () -> {
              callback.onNext(die("abc", "not-a-number"));
              callback.onNext(die("explodes", "1"));
              callback.onNext(die("def", "3"));
            })
        .doesNotThrowAnyException();

    assertThat(events).extracting(EngineEvent::containerId).containsExactly("def");
    assertThat(events.get(0).exitCode()).isEqualTo(3L);
    assertThat(ends).isEmpty();
  }

  @Test
  void anEndOfTheStreamIsReported() {
    callback.onError(new IOException("connection reset"));

    assertThat(ends).containsExactly("java.io.IOException: connection reset");
  }

  @Test
  void closingOnPurposeIsNoNews() throws IOException {
    callback.closeOnPurpose();
    callback.onComplete();

    assertThat(ends).isEmpty();
  }

  private static Event die(String id, String exitCode) {
    return new Event("die", id, "image", 1L)
        .withAction("die")
        .withEventActor(new EventActor().withId(id).withAttributes(Map.of("exitCode", exitCode)));
  }
}
