package dev.cfnwave.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request.Method;
import dev.cfnwave.backend.AttemptRejectedException;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.NetworkFullException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The container calls that change something (create, start, stop, remove), sent over docker-java's
 * transport with JSON trees as bodies, as {@link EngineReads} does for reads: docker-java's command
 * objects and models (HostConfig and its dozens of member types, bound by reflection) cost more CPU
 * in a short command than the calls themselves.
 */
final class EngineWrites {

  private static final int NOT_MODIFIED = 304;
  private static final int NOT_FOUND = 404;
  private static final int CONFLICT = 409;

  private final DockerHttpClient http;
  private final ObjectMapper mapper;

  EngineWrites(DockerHttpClient http, ObjectMapper mapper) {
    this.http = http;
    this.mapper = mapper;
  }

  /**
   * @throws NameConflictException when a container of that name exists
   */
  String create(AttemptSpec spec) throws IOException {
    String what = "create container " + spec.name();
    byte[] body = mapper.writeValueAsBytes(DockerCreateBody.of(spec, mapper));
    var request =
        DockerHttpClient.Request.builder()
            .method(Method.POST)
            .path("/containers/create?name=" + encode(spec.name()))
            .putHeader("Content-Type", "application/json")
            .bodyBytes(body)
            .build();
    try (var response = http.execute(request);
        InputStream answer = response.getBody()) {
      int status = response.getStatusCode();
      if (status / 100 == 2) {
        return mapper.readTree(answer).path("Id").asText();
      }
      String message = message(answer);
      EngineException failure =
          new EngineException(what + ": engine answered " + status + ": " + message);
      if (status == CONFLICT) {
        throw new NameConflictException(spec.name(), failure);
      }
      throw refusal(spec, status, message, failure).orElse(failure);
    }
  }

  /**
   * A create the engine refuses for what the attempt needs on its side (an image it does not have,
   * a workspace that is not on its host): the attempt is rejected, as Swarm rejects such a task.
   * The engine's API never pulls on create, so a missing image is said at once.
   */
  private static Optional<EngineException> refusal(
      AttemptSpec spec, int status, String message, EngineException failure) {
    if (status == NOT_FOUND && MissingImages.isSaidIn(message)) {
      return Optional.of(
          new AttemptRejectedException(
              "the engine has no image "
                  + spec.image()
                  + ": "
                  + message
                  + MissingImages.howToGet(spec.image(), "the engine", "ENGINE", "it"),
              failure));
    }
    if (message.contains("bind source path does not exist")) {
      return Optional.of(
          new AttemptRejectedException(
              "the engine cannot mount the workspace: "
                  + message
                  + " (it must exist on the engine's host)",
              failure));
    }
    return Optional.empty();
  }

  /** Starts a container; one that runs already (304) counts as started. */
  void start(String containerId) throws IOException {
    send(Method.POST, "/containers/" + encode(containerId) + "/start", "start", containerId, false);
  }

  /**
   * Stops a container within {@code grace} (then the engine kills it); a stopped one is no error.
   *
   * @throws ContainerNotFoundException when the engine has no such container
   */
  void stop(String containerId, Duration grace) throws IOException {
    long seconds = Math.max(0, grace.toSeconds());
    String path = "/containers/" + encode(containerId) + "/stop?t=" + seconds;
    send(Method.POST, path, "stop", containerId, true);
  }

  /**
   * Removes a container, running or not, with its anonymous volumes.
   *
   * @throws ContainerNotFoundException when the engine has no such container
   */
  void remove(String containerId) throws IOException {
    String path = "/containers/" + encode(containerId) + "?force=1&v=1";
    send(Method.DELETE, path, "remove", containerId, true);
  }

  /** A bodiless call on a container; 2xx and 304 (nothing to do) are success. */
  private void send(
      Method method, String path, String verb, String containerId, boolean notFoundIsTyped)
      throws IOException {
    String what = verb + " container " + containerId;
    var request = DockerHttpClient.Request.builder().method(method).path(path).build();
    try (var response = http.execute(request);
        InputStream answer = response.getBody()) {
      int status = response.getStatusCode();
      if (status / 100 == 2 || status == NOT_MODIFIED) {
        return;
      }
      EngineException failure = failure(what, status, answer);
      throw status == NOT_FOUND && notFoundIsTyped
          ? new ContainerNotFoundException(containerId, failure)
          : failure;
    }
  }

  private EngineException failure(String what, int status, InputStream body) {
    String message = message(body);
    String line = what + ": engine answered " + status + ": " + message;
    return NetworkFullException.saysNetworkFull(message)
        ? new NetworkFullException(line, null)
        : new EngineException(line);
  }

  private String message(InputStream body) {
    try {
      JsonNode error = body == null ? null : mapper.readTree(body);
      return error == null ? "" : error.path("message").asText("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
