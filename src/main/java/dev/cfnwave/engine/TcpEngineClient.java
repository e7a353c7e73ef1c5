package dev.cfnwave.engine;

import com.github.dockerjava.transport.DockerHttpClient;
import dev.cfnwave.backend.EngineUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * The transport to a tcp:// engine, with its TLS failures in words: a refused or failed handshake,
 * or plain HTTP sent to an engine that wants TLS, is an {@link EngineUnavailableException} (one
 * line, exit 2) that says which setting to look at.
 */
final class TcpEngineClient implements DockerHttpClient {

  /** What dockerd answers (400) to plain HTTP on a TLS port. */
  private static final String PLAIN_TO_TLS = "Client sent an HTTP request to an HTTPS server";

  private static final int BAD_REQUEST = 400;
  private static final int BODY_LIMIT = 65_536;

  private final DockerHttpClient delegate;
  private final DockerEndpoint endpoint;

  TcpEngineClient(DockerHttpClient delegate, DockerEndpoint endpoint) {
    this.delegate = delegate;
    this.endpoint = endpoint;
  }

  @Override
  public Response execute(Request request) {
    Response response;
    try {
      response = delegate.execute(request);
    } catch (RuntimeException e) {
      throw tlsFailure(e);
    }
    if (endpoint.tls() != null || response.getStatusCode() != BAD_REQUEST) {
      return response;
    }
    byte[] body;
    try (response) {
      body = response.getBody().readNBytes(BODY_LIMIT);
    } catch (IOException e) {
      throw DockerFailures.translate(e, endpoint.host());
    }
    if (new String(body, StandardCharsets.UTF_8).contains(PLAIN_TO_TLS)) {
      throw new EngineUnavailableException(
          "the engine at "
              + endpoint.host()
              + " wants TLS, and "
              + endpoint.source()
              + " has none: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the folder of"
              + " ca.pem, cert.pem and key.pem",
          null);
    }
    return new Buffered(response.getStatusCode(), response.getHeaders(), body);
  }

  /**
   * An engine that wants a client certificate ends the handshake of a client without one: the
   * client sees the engine's alert, or only a broken pipe or reset when it was still writing.
   */
  private RuntimeException tlsFailure(RuntimeException failure) {
    DockerTls tls = endpoint.tls();
    if (tls == null) {
      return failure;
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      boolean dropped =
          cause instanceof SocketException
              && !(cause instanceof ConnectException || cause instanceof NoRouteToHostException);
      if (cause instanceof SSLException || (dropped && !tls.clientCertificate())) {
        String hint =
            tls.clientCertificate()
                ? " (TLS material from " + tls.source() + ")"
                : "; the engine may want a client certificate: "
                    + tls.source()
                    + " has no cert.pem and key.pem";
        return new EngineUnavailableException(
            "TLS with the engine at "
                + endpoint.host()
                + " failed: "
                + DockerFailures.firstLine(cause.getMessage())
                + hint,
            failure);
      }
    }
    return failure;
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  /** A response whose (small) body was already read. */
  private record Buffered(int status, Map<String, List<String>> headers, byte[] body)
      implements Response {
    @Override
    public int getStatusCode() {
      return status;
    }

    @Override
    public Map<String, List<String>> getHeaders() {
      return headers;
    }

    @Override
    public InputStream getBody() {
      return new ByteArrayInputStream(body);
    }

    @Override
    public void close() {}
  }
}
