package dev.cfnwave.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * A raw transport to one engine, and a docker-java client on the same connection pool, made on
 * first use: most commands never need it (their calls go over the raw transport), and making it
 * loads and initialises a few hundred classes.
 */
final class DockerConnection {

  private static final int MAX_CONNECTIONS = 64;

  private final DockerClientConfig config;
  private final DockerHttpClient http;
  private final URI host;
  private DockerClient client;

  private DockerConnection(DockerClientConfig config, DockerHttpClient http, URI host) {
    this.config = config;
    this.http = http;
    this.host = host;
  }

  /** docker-java's client over {@link #http()}, made on first use. */
  synchronized DockerClient client() {
    if (client == null) {
      client = DockerClientImpl.getInstance(config, http);
    }
    return client;
  }

  DockerHttpClient http() {
    return http;
  }

  URI host() {
    return host;
  }

  /** Closes the transport (and the client, when made). */
  synchronized void close() throws IOException {
    if (client != null) {
      client.close();
    } else {
      http.close();
    }
  }

  /**
   * The engine that DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, DOCKER_CONTEXT and
   * DOCKER_CONFIG in {@code environment} point to, as for the docker CLI ({@link DockerEndpoints}).
   *
   * @throws dev.cfnwave.InputException when they name a missing context or TLS file
   */
  static DockerConnection open(Map<String, String> environment, Duration callLimit) {
    DockerEndpoint endpoint = DockerEndpoints.resolve(environment);
    SSLConfig sslConfig = sslConfig(endpoint);
    // A fresh builder, not createDefaultConfigBuilder(): that one reads the process environment,
    // and the endpoint above already follows the CLI's rules.
    DockerClientConfig config =
        new DefaultDockerClientConfig.Builder()
            .withDockerHost(endpoint.host().toString())
            .withDockerConfig(DockerEndpoints.configFolder(environment).toString())
            .build();
    DockerHttpClient http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(endpoint.host())
            .sslConfig(sslConfig)
            .maxConnections(MAX_CONNECTIONS)
            .connectionTimeout(Duration.ofSeconds(10))
            .responseTimeout(callLimit)
            .build();
    if (endpoint.isTcp()) {
      http = new TcpEngineClient(http, endpoint);
    }
    return new DockerConnection(config, http, endpoint.host());
  }

  /**
   * The TLS material of a tcp:// engine (null: plain HTTP). On a unix socket TLS is never used, yet
   * the HTTP client would load the JDK's whole trust store at start (a third of cfn-wave's
   * start-up): hand it an empty TLS context instead.
   */
  private static SSLConfig sslConfig(DockerEndpoint endpoint) {
    if (endpoint.isTcp()) {
      if (endpoint.tls() == null) {
        return null;
      }
      SSLContext context = endpoint.tls().sslContext();
      return () -> context;
    }
    return () -> {
      try {
        SSLContext unused = SSLContext.getInstance("TLS");
        unused.init(new KeyManager[0], new TrustManager[0], null);
        return unused;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("TLS is part of every JDK", e);
      }
    };
  }
}
