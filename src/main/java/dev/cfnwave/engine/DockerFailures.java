package dev.cfnwave.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.EngineUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.util.regex.Pattern;

/** docker-java's failures in the project's terms: an engine error, or an engine out of reach. */
public final class DockerFailures {

  private static final Pattern STATUS = Pattern.compile("^Status \\d+:\\s*");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DockerFailures() {}

  public static RuntimeException translate(Throwable failure, URI host) {
    if (failure instanceof EngineException known) {
      return known;
    }
    if (failure instanceof DockerException docker) {
      return new EngineException(
          "engine answered " + docker.getHttpStatus() + ": " + engineMessage(docker), docker);
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return new EngineUnavailableException(
            "cannot reach the Docker engine at "
                + host
                + ": "
                + firstLine(String.valueOf(cause.getMessage()))
                + " (is dockerd running? Start it, or point DOCKER_HOST at an engine that is)",
            failure);
      }
    }
    return new EngineException("engine call failed: " + failure, failure);
  }

  /**
   * The engine's own words in a docker-java failure, whose message is "Status 500:" and the
   * answer's body, {"message":"..."} as the Engine API sends it: the message's text alone, on one
   * line.
   */
  public static String engineMessage(DockerException failure) {
    return engineMessage(failure.getMessage());
  }

  static String engineMessage(String text) {
    String body = STATUS.matcher(text == null ? "" : text.strip()).replaceFirst("");
    if (body.startsWith("{")) {
      try {
        JsonNode message = MAPPER.readTree(body).path("message");
        if (message.isTextual() && !message.asText().isBlank()) {
          body = message.asText();
        }
      } catch (IOException | RuntimeException e) {
        // not the Engine API's error object: its first line, as it is
      }
    }
    return firstLine(body).replaceAll("\\p{Cntrl}", " ");
  }

  static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String trimmed = text.strip();
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline);
  }
}
