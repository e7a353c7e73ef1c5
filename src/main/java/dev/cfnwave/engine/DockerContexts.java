package dev.cfnwave.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerConfigFile;
import dev.cfnwave.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The docker CLI's contexts in a config folder (~/.docker or DOCKER_CONFIG): config.json's
 * currentContext, and each context's contexts/meta/SHA256(name)/meta.json and its TLS material in
 * contexts/tls/SHA256(name)/docker/.
 *
 * <p>docker-java reads contexts too, but silently falls back to the local socket when a context is
 * missing or unreadable, and its meta file keeps the host in package-private fields; so the context
 * store is read here and only config.json through docker-java.
 */
final class DockerContexts {

  /** The context that means "DOCKER_HOST or the local socket", which has no folder. */
  static final String DEFAULT = "default";

  private final Path configFolder;

  DockerContexts(Path configFolder) {
    this.configFolder = configFolder;
  }

  /** config.json's currentContext, or null when there is none. */
  String current() {
    Path file = configFolder.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      String name =
          DockerConfigFile.loadConfig(
                  DockerClientConfig.getDefaultObjectMapper(), configFolder.toString())
              .getCurrentContext();
      return name == null || name.isBlank() ? null : name;
    } catch (IOException e) {
      throw new InputException(file.toString(), "not a docker config file: " + firstLine(e), e);
    }
  }

  /**
   * The engine of context {@code name}; {@code source} says where the name came from.
   *
   * @throws InputException when the context does not exist, has no Docker endpoint, or its TLS
   *     material is incomplete
   */
  DockerEndpoint endpoint(String name, String source) {
    String folder = sha256(name);
    Path meta =
        configFolder.resolve("contexts").resolve("meta").resolve(folder).resolve("meta.json");
    if (!Files.isRegularFile(meta)) {
      throw new InputException(
          source,
          "no such Docker context (no " + meta + "; `docker context ls` lists the contexts)");
    }
    JsonNode docker;
    try {
      docker =
          DockerClientConfig.getDefaultObjectMapper()
              .readTree(meta.toFile())
              .path("Endpoints")
              .path("docker");
    } catch (IOException e) {
      throw new InputException(meta.toString(), "not a context meta file: " + firstLine(e), e);
    }
    String host = docker.path("Host").asText("");
    if (host.isBlank()) {
      throw new InputException(meta.toString(), "context '" + name + "' has no Docker host");
    }
    if (docker.path("SkipTLSVerify").asBoolean(false)) {
      throw new InputException(
          source,
          "context '"
              + name
              + "' skips TLS verification, which cfn-wave never does; give it a ca instead");
    }
    String contextSource = source + " (context '" + name + "')";
    DockerEndpoint endpoint = DockerEndpoint.of(host, null, contextSource);
    Path tls = configFolder.resolve("contexts").resolve("tls").resolve(folder).resolve("docker");
    if (endpoint.isTcp() && Files.isDirectory(tls)) {
      return DockerEndpoint.of(host, DockerTls.in(tls, contextSource), contextSource);
    }
    return endpoint;
  }

  static String sha256(String name) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String firstLine(Exception e) {
    String message =
        String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
