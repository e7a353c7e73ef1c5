package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.cfnwave.backend.ImagePullException;
import dev.cfnwave.backend.ImagePullException.Reason;
import dev.cfnwave.backend.PullProgress;
import dev.cfnwave.backend.RemoteImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCallsTest {

  private static final String DIGEST =
      "sha256:3340aa4c6c56c33db4b97189c87f6cc29fa16e8eac96c285ec876cc53785dd6d";

  @TempDir Path temp;
  final ObjectMapper mapper = new ObjectMapper();
  final Deadline deadline = new Deadline(f -> DockerFailures.translate(f, URI.create("unix:///x")));
  final List<DockerHttpClient.Request> sent = new ArrayList<>();
  Function<DockerHttpClient.Request, DockerHttpClient.Response> engine;
  RegistryCalls calls;

  @BeforeEach
  void credentials() throws IOException {
    String auth = Base64.getEncoder().encodeToString("team:pw".getBytes(StandardCharsets.UTF_8));
    Path config =
        Files.writeString(
            temp.resolve("config.json"),
            "{\"auths\":{\"127.0.0.1:5055\":{\"auth\":\"" + auth + "\"}}}");
    RegistryCredentials credentials = new RegistryCredentials(config, (n, s) -> null);
    DockerHttpClient http =
        new DockerHttpClient() {
          @Override
          public Response execute(Request request) {
            sent.add(request);
            return engine.apply(request);
          }

          @Override
          public void close() {}
        };
    calls = new RegistryCalls(http, mapper, deadline, () -> credentials, Duration.ofSeconds(10));
  }

  @AfterEach
  void close() {
    deadline.close();
  }

  private String authSent(int call) {
    String header = sent.get(call).headers().get(RegistryAuth.HEADER);
    return header == null
        ? null
        : new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8);
  }

  @Test
  void aPullSendsTheRegistrysCredentialsAndReadsTheStreamToItsEnd() {
    engine = r -> new EngineAnswer(200, "{\"status\":\"Already exists\",\"id\":\"aa\"}\n");
    List<String> told = new ArrayList<>();
    calls.pull(
        "127.0.0.1:5055/team/agent:1",
        Duration.ofSeconds(5),
        (image, done, total, bytes, size) -> told.add(image + " " + done + "/" + total));
    assertThat(sent.getFirst().method()).isEqualTo("POST");
    assertThat(sent.getFirst().path())
        .isEqualTo("/images/create?fromImage=127.0.0.1%3A5055%2Fteam%2Fagent&tag=1");
    assertThat(authSent(0))
        .isEqualTo(
            "{\"username\":\"team\",\"password\":\"pw\",\"serveraddress\":\"127.0.0.1:5055\"}");
    assertThat(told).containsExactly("127.0.0.1:5055/team/agent:1 1/1");
  }

  @Test
  void aPullByDigestAsksForTheDigestAndAnonymousSendsNoHeader() {
    engine = r -> new EngineAnswer(200, "");
    calls.pull("127.0.0.2:5000/team/agent@" + DIGEST, Duration.ofSeconds(5), PullProgress.NONE);
    assertThat(sent.getFirst().path()).endsWith("&tag=sha256%3A" + DIGEST.substring(7));
    assertThat(authSent(0)).isNull();
  }

  @Test
  void anErrorAnswerBecomesOneSentence() {
    engine =
        r ->
            new EngineAnswer(
                404,
                "{\"message\":\"manifest for 127.0.0.1:5055/team/agent:9 not found: manifest"
                    + " unknown: manifest unknown\"}");
    assertThatThrownBy(
            () ->
                calls.pull("127.0.0.1:5055/team/agent:9", Duration.ofSeconds(5), PullProgress.NONE))
        .isInstanceOfSatisfying(
            ImagePullException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
              assertThat(e.getMessage())
                  .isEqualTo("no tag 9 of team/agent in registry 127.0.0.1:5055");
            });
  }

  @Test
  void anErrorLineInTheStreamFailsThePull() {
    engine =
        r ->
            new EngineAnswer(
                200,
                "{\"status\":\"Pulling fs layer\",\"id\":\"aa\"}\n"
                    + "{\"errorDetail\":{\"message\":\"failed to register layer: no space left on"
                    + " device\"},\"error\":\"failed to register layer: no space left on device\"}");
    assertThatThrownBy(
            () ->
                calls.pull("127.0.0.1:5055/team/agent:1", Duration.ofSeconds(5), PullProgress.NONE))
        .isInstanceOfSatisfying(
            ImagePullException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DISK_FULL));
  }

  @Test
  void aPullPastItsTimeIsClosedAndItsReadingEnds() throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    Thread[] reader = new Thread[1];
    engine =
        r -> {
          reader[0] = Thread.currentThread();
          return new Hanging(closed);
        };
    long started = System.nanoTime();
    assertThatThrownBy(
            () ->
                calls.pull(
                    "127.0.0.1:5055/team/agent:1", Duration.ofMillis(300), PullProgress.NONE))
        .isInstanceOfSatisfying(
            ImagePullException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.TIMED_OUT);
              assertThat(e.getMessage()).contains("did not finish within 300 ms");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    assertThat(closed.await(2, TimeUnit.SECONDS)).isTrue();
    // The deadline's pooled thread outlives the pull; what must end is the pull's reading on it.
    await()
        .atMost(Duration.ofSeconds(2))
        .until(
            () ->
                Arrays.stream(reader[0].getStackTrace())
                    .noneMatch(
                        frame -> frame.getClassName().startsWith(PullStream.class.getName())));
  }

  @Test
  void aLookupGivesTheDescriptorsDigestAndSize() {
    engine =
        r ->
            new EngineAnswer(
                200,
                "{\"Descriptor\":{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                    + "\"digest\":\""
                    + DIGEST
                    + "\",\"size\":950},\"Platforms\":[{\"architecture\":\"amd64\",\"os\":\"linux\"}]}");
    assertThat(calls.remote("127.0.0.1:5055/team/agent:1")).contains(new RemoteImage(DIGEST, 950));
    assertThat(sent.getFirst().path()).isEqualTo("/distribution/127.0.0.1:5055/team/agent:1/json");
    assertThat(authSent(0)).contains("\"username\":\"team\"");
  }

  @Test
  void anEngineWithoutLookupsOrARegistryThatDoesNotAnswerIsEmpty() {
    engine = r -> new EngineAnswer(404, "Not Found"); // Podman 4.3
    assertThat(calls.remote("127.0.0.1:5055/team/agent:1")).isEmpty();
    engine =
        r ->
            new EngineAnswer(
                500,
                "{\"message\":\"Get \\\"http://127.0.0.1:5999/v2/\\\": dial tcp 127.0.0.1:5999:"
                    + " connect: connection refused\"}");
    assertThat(calls.remote("127.0.0.1:5999/team/agent:1")).isEmpty();
  }

  @Test
  void aLookupRefusedOrNotFoundSaysWhy() {
    engine = r -> new EngineAnswer(401, "{\"message\":\"unauthorized: authentication required\"}");
    assertThatThrownBy(() -> calls.remote("127.0.0.1:5055/team/agent:1"))
        .isInstanceOfSatisfying(
            ImagePullException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED));
    engine = r -> new EngineAnswer(404, "{\"message\":\"manifest unknown: manifest unknown\"}");
    assertThatThrownBy(() -> calls.remote("127.0.0.1:5055/team/agent:1"))
        .isInstanceOfSatisfying(
            ImagePullException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
  }

  /** An answer whose body gives nothing until the answer is closed. */
  private record Hanging(CountDownLatch closed) implements DockerHttpClient.Response {
    @Override
    public int getStatusCode() {
      return 200;
    }

    @Override
    public Map<String, List<String>> getHeaders() {
      return Map.of();
    }

    @Override
    public InputStream getBody() {
      return new InputStream() {
        @Override
        public int read() throws IOException {
          try {
            closed.await();
          } catch (InterruptedException e) {
            // as a socket read would, it goes on until the socket closes
            try {
              closed.await();
            } catch (InterruptedException again) {
              Thread.currentThread().interrupt();
            }
          }
          throw new IOException("closed");
        }
      };
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }
}
