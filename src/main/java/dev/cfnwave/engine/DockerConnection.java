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
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A raw transport to one engine, and a docker-java client on the same connection pool, made on
 * first use: most commands never need it (their calls go over the raw transport), and making it
 * loads and initialises a few hundred classes.
 */
public final class DockerConnection {

  private static final int MAX_CONNECTIONS = 64;

  private final DockerHttpClient http;
  private final URI host;
  private final String configFolder;
  private final Map<String, String> environment;
  private DockerClient client;
  private RegistryCredentials registries;

  private DockerConnection(
      DockerHttpClient http, URI host, String configFolder, Map<String, String> environment) {
    this.http = http;
    this.host = host;
    this.configFolder = configFolder;
    this.environment = Map.copyOf(environment);
  }

  /**
   * docker-java's client over {@link #http()}, made on first use with its configuration (which
   * reads the docker config folder with an object mapper of its own).
   */
  public synchronized DockerClient client() {
    if (client == null) {
      // A fresh builder, not createDefaultConfigBuilder(): that one reads the process
      // environment, and the endpoint already follows the CLI's rules.
      DockerClientConfig config =
          new DefaultDockerClientConfig.Builder()
              .withDockerHost(host.toString())
              .withDockerConfig(configFolder)
              .build();
      client = DockerClientImpl.getInstance(config, http);
    }
    return client;
  }

  /**
   * The registry credentials of the environment this connection was opened with, as the docker CLI
   * finds them; made on first use, so that each registry's are looked up once per connection.
   */
  public synchronized RegistryCredentials registries() {
    if (registries == null) {
      registries = RegistryCredentials.of(environment);
    }
    return registries;
  }

  public DockerHttpClient http() {
    return http;
  }

  public URI host() {
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
  public static DockerConnection open(Map<String, String> environment, Duration callLimit) {
    DockerEndpoint endpoint = DockerEndpoints.resolve(environment);
    SSLConfig sslConfig = sslConfig(endpoint);
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
    return new DockerConnection(
        http, endpoint.host(), DockerEndpoints.configFolder(environment).toString(), environment);
  }

  /**
   * The TLS material of a tcp:// engine (null: plain HTTP, which is how the HTTP client tells http
   * from https). On a unix socket TLS is never used, yet the HTTP client insists on a context:
   * given none it loads the JDK's whole trust store (a third of cfn-wave's start-up), and even an
   * empty one initialises the JDK's TLS provider. It gets one that is never used instead.
   */
  private static SSLConfig sslConfig(DockerEndpoint endpoint) {
    if (endpoint.isTcp() && endpoint.tls() == null) {
      return null;
    }
    SSLContext context = endpoint.isTcp() ? endpoint.tls().sslContext() : new NoTlsContext();
    return () -> context;
  }
}
