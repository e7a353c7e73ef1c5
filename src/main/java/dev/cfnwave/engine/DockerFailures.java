package dev.cfnwave.engine;

import com.github.dockerjava.api.exception.DockerException;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.EngineUnavailableException;
import java.io.IOException;
import java.net.URI;

/** docker-java's failures in the project's terms: an engine error, or an engine out of reach. */
public final class DockerFailures {

  private DockerFailures() {}

  public static RuntimeException translate(Throwable failure, URI host) {
    if (failure instanceof EngineException known) {
      return known;
    }
    if (failure instanceof DockerException docker) {
      return new EngineException(
          "engine answered " + docker.getHttpStatus() + ": " + firstLine(docker.getMessage()),
          docker);
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

  static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String trimmed = text.strip();
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline);
  }
}
