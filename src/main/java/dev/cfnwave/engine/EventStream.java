package dev.cfnwave.engine;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.cfnwave.backend.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The engine's die and oom events, read over the raw transport on a thread of its own and handed to
 * an {@link EventSubscriber}; a malformed event or a failing subscriber never ends it. (Read raw,
 * as the other calls are: docker-java's event stream would load its command machinery and bind its
 * Event model.)
 */
final class EventStream {

  private static final String FILTERS = "{\"type\":[\"container\"],\"event\":[\"die\",\"oom\"]}";

  /** How long {@link #start} waits for the engine to take the subscription. */
  static final Duration SUBSCRIBING = Duration.ofSeconds(5);

  /**
   * How far back the engine replays events from its buffer when the subscription begins: the engine
   * answers before it subscribes, so without a replay an exit in between would be missed until the
   * next poll. Replayed events are only hints (each is checked by an inspect), and the margin also
   * covers a remote engine's clock running a little behind.
   */
  static final Duration REPLAYED = Duration.ofSeconds(2);

  private final EventSubscriber subscriber;
  private final ObjectMapper mapper;
  private volatile boolean closing;
  private volatile DockerHttpClient.Response response;
  private final CountDownLatch answered = new CountDownLatch(1);

  EventStream(EventSubscriber subscriber, ObjectMapper mapper) {
    this.subscriber = subscriber;
    this.mapper = mapper;
  }

  /**
   * Subscribes on a new daemon thread and returns once the engine has answered (at most {@code
   * wait}): the engine subscribes before it answers, so an exit after this is an event, and a
   * listing made after it misses nothing. Returning at once would let exits between the two go
   * unnoticed until the next poll. The stream's end, failed or not, goes to the subscriber.
   */
  void start(DockerHttpClient http, Duration wait) {
    Instant since = Instant.now().minus(REPLAYED);
    Thread.ofPlatform().daemon().name("engine-events").start(() -> follow(http, since));
    try {
      answered.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void follow(DockerHttpClient http, Instant since) {
    var request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET)
            .path(
                "/events?since="
                    + since.getEpochSecond()
                    + "."
                    + String.format("%09d", since.getNano())
                    + "&filters="
                    + URLEncoder.encode(FILTERS, StandardCharsets.UTF_8))
            .build();
    try (var answer = http.execute(request)) {
      response = answer;
      answered.countDown();
      if (closing) {
        return;
      }
      if (answer.getStatusCode() != 200) {
        throw new EngineException("events: engine answered " + answer.getStatusCode());
      }
      read(answer.getBody());
    } catch (RuntimeException e) {
      end(e);
    } finally {
      answered.countDown();
    }
  }

  /** Hands each event of {@code body} to the subscriber, then reports the end. */
  void read(InputStream body) {
    try (JsonParser parser = mapper.createParser(body)) {
      while (parser.nextToken() != null) {
        deliver(mapper.readTree(parser));
      }
      end(null);
    } catch (IOException | RuntimeException e) {
      end(e);
    }
  }

  private void deliver(JsonNode event) {
    try {
      JsonNode actor = event.path("Actor");
      String id = actor.hasNonNull("ID") ? actor.get("ID").asText() : event.path("id").asText();
      String action = event.hasNonNull("Action") ? event.get("Action").asText() : null;
      JsonNode exit = actor.path("Attributes").get("exitCode");
      Instant time =
          event.hasNonNull("timeNano")
              ? Instant.ofEpochSecond(0, event.get("timeNano").asLong())
              : Instant.ofEpochSecond(event.path("time").asLong(0));
      subscriber.onEvent(
          new EngineEvent(
              id,
              action,
              exit == null || exit.isNull() ? null : Long.valueOf(exit.asText()),
              time));
    } catch (RuntimeException e) {
      // The labelled reconciliation recovers whatever this event would have told.
    }
  }

  private void end(Throwable cause) {
    if (!closing) {
      subscriber.onStreamEnd(cause);
    }
  }

  /** Closed on purpose by the subscriber: the stream's end is then no news. */
  void closeOnPurpose() {
    closing = true;
    var open = response;
    if (open != null) {
      open.close();
    }
  }
}
