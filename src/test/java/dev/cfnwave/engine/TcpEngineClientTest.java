package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.transport.DockerHttpClient;
import dev.cfnwave.backend.EngineUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TcpEngineClientTest {

  private static final DockerHttpClient.Request PING =
      DockerHttpClient.Request.builder()
          .method(DockerHttpClient.Request.Method.GET)
          .path("/_ping")
          .build();

  private static final DockerEndpoint PLAIN =
      DockerEndpoint.of("tcp://127.0.0.1:2376", null, "DOCKER_HOST=tcp://127.0.0.1:2376");

  private static final DockerEndpoint CA_ONLY =
      DockerEndpoint.of(
          "tcp://127.0.0.1:2376",
          new DockerTls(Path.of("/certs"), false, "DOCKER_CERT_PATH=/certs"),
          "DOCKER_HOST=tcp://127.0.0.1:2376");

  @Test
  void plainHttpToATlsEngineSaysToTurnOnTls() {
    var client =
        new TcpEngineClient(
            answering(400, "Client sent an HTTP request to an HTTPS server.\n"), PLAIN);
    assertThatThrownBy(() -> client.execute(PING))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("wants TLS")
        .hasMessageContaining("DOCKER_TLS_VERIFY=1");
  }

  @Test
  void anotherBadRequestKeepsItsBody() throws Exception {
    var client = new TcpEngineClient(answering(400, "{\"message\":\"bad filter\"}"), PLAIN);
    try (var response = client.execute(PING)) {
      assertThat(response.getStatusCode()).isEqualTo(400);
      assertThat(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("{\"message\":\"bad filter\"}");
    }
  }

  @Test
  void refusedHandshakeWithoutClientCertificateSaysSo() {
    DockerHttpClient refusing =
        new Fake(
            () -> {
              throw new RuntimeException(
                  new SSLHandshakeException("Received fatal alert: bad_certificate"));
            });
    assertThatThrownBy(() -> new TcpEngineClient(refusing, CA_ONLY).execute(PING))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("TLS with the engine at tcp://127.0.0.1:2376 failed")
        .hasMessageContaining("bad_certificate")
        .hasMessageContaining("DOCKER_CERT_PATH=/certs has no cert.pem and key.pem");
  }

  @Test
  void brokenPipeWithoutClientCertificateSaysSo() {
    DockerHttpClient dropping =
        new Fake(
            () -> {
              throw new RuntimeException(new java.net.SocketException("Broken pipe"));
            });
    assertThatThrownBy(() -> new TcpEngineClient(dropping, CA_ONLY).execute(PING))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("failed: Broken pipe")
        .hasMessageContaining("has no cert.pem and key.pem");
  }

  @Test
  void refusedConnectionIsLeftToTheUsualTranslation() {
    RuntimeException refused = new RuntimeException(new java.net.ConnectException("refused"));
    DockerHttpClient down =
        new Fake(
            () -> {
              throw refused;
            });
    assertThatThrownBy(() -> new TcpEngineClient(down, CA_ONLY).execute(PING)).isSameAs(refused);
  }

  private static DockerHttpClient answering(int status, String body) {
    return new Fake(() -> new EngineAnswer(status, body));
  }

  private record Fake(java.util.function.Supplier<Response> answer) implements DockerHttpClient {
    @Override
    public Response execute(Request request) {
      return answer.get();
    }

    @Override
    public void close() {}
  }
}
