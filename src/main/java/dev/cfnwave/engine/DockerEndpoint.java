package dev.cfnwave.engine;

import dev.cfnwave.InputException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where an engine listens (unix:// or tcp://) and, for tcp://, the TLS material to reach it with
 * (null: plain HTTP). {@code source} names the variable or context it came from.
 */
record DockerEndpoint(URI host, DockerTls tls, String source) {

  static final String LOCAL_SOCKET = "unix:///var/run/docker.sock";

  /** The docker CLI's port for a tcp:// host that names none. */
  private static final int DEFAULT_PORT = 2375;

  /**
   * Parses an engine address as the docker CLI does: "host:port" means tcp://, a tcp:// address
   * without a port gets 2375. TLS is ignored on a unix socket, as the CLI ignores it.
   *
   * @throws InputException naming {@code source} for anything but unix:// and tcp://
   */
  static DockerEndpoint of(String address, DockerTls tls, String source) {
    String text = address.strip();
    if (!text.contains("://")) {
      text = "tcp://" + text;
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new InputException(source, "not an engine address: " + e.getMessage());
    }
    switch (uri.getScheme()) {
      case "unix" -> {
        if (uri.getPath() == null || uri.getPath().isEmpty()) {
          throw new InputException(source, "a unix:// address needs a socket path");
        }
        return new DockerEndpoint(uri, null, source);
      }
      case "tcp" -> {
        if (uri.getHost() == null) {
          throw new InputException(source, "a tcp:// address needs a host (tcp://HOST:PORT)");
        }
        if (uri.getPort() < 0) {
          uri = URI.create("tcp://" + uri.getRawAuthority() + ":" + DEFAULT_PORT + rawPath(uri));
        }
        return new DockerEndpoint(uri, tls, source);
      }
      default ->
          throw new InputException(
              source,
              "cfn-wave reaches engines over unix:// and tcp:// only, not " + uri.getScheme());
    }
  }

  boolean isTcp() {
    return "tcp".equals(host.getScheme());
  }

  private static String rawPath(URI uri) {
    return uri.getRawPath() == null ? "" : uri.getRawPath();
  }
}
