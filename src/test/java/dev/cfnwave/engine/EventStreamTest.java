package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EventStreamTest {

  private final List<EngineEvent> events = new ArrayList<>();
  private final List<String> ends = new ArrayList<>();
  private final EventStream stream =
      new EventStream(
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
          },
          new ObjectMapper());

  @Test
  void eventsAfterAMalformedOneOrAFailingHandlerStillArrive() {
    stream.read(lines(die("abc", "not-a-number"), die("explodes", "1"), die("def", "3")));

    assertThat(events).extracting(EngineEvent::containerId).containsExactly("def");
    assertThat(events.get(0).exitCode()).isEqualTo(3L);
    assertThat(events.get(0).action()).isEqualTo("die");
    assertThat(events.get(0).time()).isEqualTo(Instant.ofEpochSecond(1, 500));
    assertThat(ends).containsExactly("null");
  }

  @Test
  void anOomEventWithoutExitCodeIsAnEventToo() {
    stream.read(
        lines("{\"Type\":\"container\",\"Action\":\"oom\",\"Actor\":{\"ID\":\"x\"},\"time\":7}"));

    assertThat(events).containsExactly(new EngineEvent("x", "oom", null, Instant.ofEpochSecond(7)));
  }

  @Test
  void aBrokenStreamIsReportedWithItsCause() {
    stream.read(
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        });

    assertThat(ends).containsExactly("java.io.IOException: connection reset");
  }

  @Test
  void closingOnPurposeIsNoNews() {
    stream.closeOnPurpose();
    stream.read(lines(die("abc", "1")));

    assertThat(ends).isEmpty();
  }

  @Test
  void startReturnsOnlyOnceTheEngineHasAnsweredTheSubscription() {
    AtomicBoolean answered = new AtomicBoolean();
    DockerHttpClient slowEngine =
        new Engine(
            request -> {
              pause(Duration.ofMillis(200));
              answered.set(true);
              return new EngineAnswer(200, "");
            });

    stream.start(slowEngine, Duration.ofSeconds(30));

    assertThat(answered).isTrue();
  }

  @Test
  void theSubscriptionAsksTheEngineToReplayTheLastSecondsSoNoExitFallsBetween() {
    List<String> paths = new CopyOnWriteArrayList<>();
    Instant before = Instant.now();

    stream.start(
        new Engine(
            request -> {
              paths.add(request.path());
              return new EngineAnswer(200, die("abc", "0") + "\n");
            }),
        Duration.ofSeconds(30));

    assertThat(paths).singleElement().asString().startsWith("/events?since=");
    String since = paths.get(0).replaceAll(".*since=([0-9.]+)&.*", "$1");
    Instant asked =
        Instant.ofEpochSecond(
            Long.parseLong(since.substring(0, since.indexOf('.'))),
            Long.parseLong(since.substring(since.indexOf('.') + 1)));
    assertThat(asked)
        .isBetween(before.minus(EventStream.REPLAYED).minusSeconds(1), before)
        .isBefore(before);
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Engine(Function<DockerHttpClient.Request, DockerHttpClient.Response> answer)
      implements DockerHttpClient {
    @Override
    public Response execute(Request request) {
      return answer.apply(request);
    }

    @Override
    public void close() {}
  }

  private static String die(String id, String exitCode) {
    return "{\"status\":\"die\",\"id\":\""
        + id
        + "\",\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\""
        + id
        + "\",\"Attributes\":{\"exitCode\":\""
        + exitCode
        + "\",\"image\":\"busybox\"}},\"scope\":\"local\",\"time\":1,\"timeNano\":1000000500}";
  }

  private static InputStream lines(String... json) {
    return new ByteArrayInputStream(
        (String.join("\n", json) + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
