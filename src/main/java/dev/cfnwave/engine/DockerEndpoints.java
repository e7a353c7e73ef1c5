package dev.cfnwave.engine;

import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the engine the way the docker CLI does, from the environment a command was given:
 * DOCKER_HOST (with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH) wins over DOCKER_CONTEXT, which wins
 * over config.json's currentContext in DOCKER_CONFIG (default ~/.docker); with none of them, the
 * local socket.
 */
final class DockerEndpoints {

  private DockerEndpoints() {}

  static DockerEndpoint resolve(Map<String, String> environment) {
    Path configFolder = configFolder(environment);
    String host = value(environment, "DOCKER_HOST");
    if (host != null) {
      return fromVariables(host, "DOCKER_HOST=" + host, environment, configFolder);
    }
    DockerContexts contexts = new DockerContexts(configFolder);
    String name = value(environment, "DOCKER_CONTEXT");
    String source = "DOCKER_CONTEXT=" + name;
    if (name == null) {
      name = contexts.current();
      source = "currentContext in " + configFolder.resolve("config.json");
    }
    if (name == null || name.equals(DockerContexts.DEFAULT)) {
      return fromVariables(null, "the default engine", environment, configFolder);
    }
    return contexts.endpoint(name, source);
  }

  /** DOCKER_CONFIG, or ~/.docker. */
  static Path configFolder(Map<String, String> environment) {
    String config = value(environment, "DOCKER_CONFIG");
    if (config != null) {
      return Path.of(config);
    }
    String home = value(environment, "HOME");
    return Path.of(home != null ? home : System.getProperty("user.home"), ".docker");
  }

  /**
   * DOCKER_TLS_VERIFY set to anything non-empty (even "0", as for the CLI) means TLS with the
   * material in DOCKER_CERT_PATH (default: the config folder); without DOCKER_HOST the CLI then
   * goes to tcp://localhost:2376 instead of the local socket.
   */
  private static DockerEndpoint fromVariables(
      String host, String source, Map<String, String> environment, Path configFolder) {
    String verify = value(environment, "DOCKER_TLS_VERIFY");
    if (verify == null) {
      return DockerEndpoint.of(host != null ? host : DockerEndpoint.LOCAL_SOCKET, null, source);
    }
    DockerEndpoint endpoint =
        DockerEndpoint.of(host != null ? host : "tcp://localhost:2376", null, source);
    if (!endpoint.isTcp()) {
      return endpoint;
    }
    String certPath = value(environment, "DOCKER_CERT_PATH");
    DockerTls tls =
        certPath != null
            ? DockerTls.in(Path.of(certPath), "DOCKER_CERT_PATH=" + certPath)
            : DockerTls.in(
                configFolder, "DOCKER_TLS_VERIFY=" + verify + " (DOCKER_CERT_PATH unset)");
    return new DockerEndpoint(endpoint.host(), tls, source);
  }

  private static String value(Map<String, String> environment, String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }
}
