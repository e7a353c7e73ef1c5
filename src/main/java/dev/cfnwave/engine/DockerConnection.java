package dev.cfnwave.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** A docker-java client and its raw transport, both on one connection pool to one engine. */
record DockerConnection(DockerClient client, DockerHttpClient http, URI host) {

  private static final int MAX_CONNECTIONS = 64;

  /** The engine at {@code dockerHost} (unix:// or tcp://), or the default one when null. */
  static DockerConnection open(String dockerHost, Duration callLimit) {
    var builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
    if (dockerHost != null && !dockerHost.isBlank()) {
      builder.withDockerHost(dockerHost);
    }
    DockerClientConfig config = builder.build();
    var http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(sslConfig(config))
            .maxConnections(MAX_CONNECTIONS)
            .connectionTimeout(Duration.ofSeconds(10))
            .responseTimeout(callLimit)
            .build();
    return new DockerConnection(
        DockerClientImpl.getInstance(config, http), http, config.getDockerHost());
  }

  /**
   * On a unix socket TLS is never used, yet the HTTP client would load the JDK's whole trust store
   * at start (a third of cfn-wave's start-up): hand it an empty TLS context instead.
   */
  private static SSLConfig sslConfig(DockerClientConfig config) {
    if (!"unix".equals(config.getDockerHost().getScheme())) {
      return config.getSSLConfig();
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
