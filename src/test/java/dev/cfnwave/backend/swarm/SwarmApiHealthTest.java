package dev.cfnwave.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.transport.DockerHttpClient;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.EngineWedgedException;
import dev.cfnwave.engine.Deadline;
import dev.cfnwave.engine.EngineAnswer;
import dev.cfnwave.engine.EngineTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Swarm manager that stops answering service and task calls while it answers its ping is named as
 * a wedged engine, as one engine is for container calls; a slow one is not.
 */
class SwarmApiHealthTest {

  private static final Duration CALL_LIMIT = Duration.ofMillis(100);

  private final CountDownLatch never = new CountDownLatch(1);
  private Deadline deadline;

  @AfterEach
  void close() {
    never.countDown();
    if (deadline != null) {
      deadline.close();
    }
  }

  @Test
  void aManagerHoldingServiceAndTaskCallsWhileItsPingAnswersIsWedgedAfterOneTimeout() {
    SwarmApi api = over(path -> path.startsWith("/services") || path.startsWith("/tasks"));

    assertThatThrownBy(() -> api.get("/tasks?filters=x", "list tasks"))
        .isInstanceOf(EngineWedgedException.class)
        .hasMessage(EngineWedgedException.WEDGED);
    assertThatThrownBy(() -> api.get("/nodes", "list nodes"))
        .as("from then on every call")
        .isInstanceOf(EngineWedgedException.class);
  }

  @Test
  void aServiceCallThatTimesOutWhileTheProbeAnswersIsATimeoutOnly() {
    SwarmApi api = over(path -> path.startsWith("/services/s1"));

    assertThatThrownBy(() -> api.delete("/services/s1", "remove service s1"))
        .isInstanceOf(EngineTimeoutException.class);
    assertThat(api.get("/nodes", "list nodes").isArray()).isTrue();
  }

  @Test
  void callsOnNodesOrNetworksAreNotJudged() {
    SwarmApi api = over(path -> !path.equals("/_ping"));

    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> api.get("/nodes", "list nodes"))
          .isInstanceOf(EngineTimeoutException.class);
    }
  }

  /** A manager that holds the requests whose path {@code holds} says, and answers the rest. */
  private SwarmApi over(Predicate<String> holds) {
    DockerHttpClient http =
        new DockerHttpClient() {
          @Override
          public Response execute(Request request) {
            if (holds.test(request.path())) {
              try {
                never.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new IllegalStateException("connection closed");
            }
            if (request.path().startsWith("/services/")) {
              return new EngineAnswer(404, "{\"message\":\"service not found\"}");
            }
            return new EngineAnswer(200, request.path().equals("/_ping") ? "OK" : "[]");
          }

          @Override
          public void close() {}
        };
    deadline =
        SwarmApi.deadline(
            http, CALL_LIMIT, cause -> new EngineException("failed: " + cause.getMessage(), cause));
    return new SwarmApi(http, deadline, CALL_LIMIT);
  }
}
