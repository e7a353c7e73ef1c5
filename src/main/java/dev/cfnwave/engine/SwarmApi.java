package dev.cfnwave.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request.Method;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Swarm calls of the Engine API (services, tasks, nodes, networks), sent over docker-java's raw
 * transport as JSON trees, each under a deadline. Raw rather than docker-java's models: the models
 * of API 1.41 lack the capability, pids and tmpfs fields a hardened service needs.
 */
final class SwarmApi {

  private final DockerHttpClient http;
  private final Deadline deadline;
  private final Duration callLimit;
  private final ObjectMapper mapper = new ObjectMapper();

  SwarmApi(DockerHttpClient http, Deadline deadline, Duration callLimit) {
    this.http = http;
    this.deadline = deadline;
    this.callLimit = callLimit;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  /** The filters query parameter: every key to its values, e.g. label to "k=v". */
  String filters(Map<String, List<String>> filters) {
    try {
      return URLEncoder.encode(mapper.writeValueAsString(filters), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  JsonNode get(String path, String what) {
    return call(Method.GET, path, null, what);
  }

  JsonNode post(String path, JsonNode body, String what) {
    return call(Method.POST, path, body, what);
  }

  void delete(String path, String what) {
    call(Method.DELETE, path, null, what);
  }

  private JsonNode call(Method method, String path, JsonNode body, String what) {
    return deadline.call(what, callLimit, () -> send(method, path, body, what));
  }

  private JsonNode send(Method method, String path, JsonNode body, String what) throws IOException {
    var request = DockerHttpClient.Request.builder().method(method).path(path);
    if (body != null) {
      request
          .putHeader("Content-Type", "application/json")
          .bodyBytes(mapper.writeValueAsBytes(body));
    }
    try (var response = http.execute(request.build());
        InputStream answer = response.getBody()) {
      int status = response.getStatusCode();
      if (status / 100 == 2) {
        JsonNode tree = answer == null ? null : mapper.readTree(answer);
        return tree == null ? mapper.missingNode() : tree;
      }
      String message = what + ": engine answered " + status + ": " + message(answer);
      throw switch (status) {
        case 404 -> new EngineReads.NotFound(message);
        case 409 -> new Conflict(message);
        default -> new EngineException(message);
      };
    }
  }

  private String message(InputStream body) {
    try {
      JsonNode error = body == null ? null : mapper.readTree(body);
      return error == null ? "" : error.path("message").asText("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** A 409 answer: the name is taken. */
  static final class Conflict extends EngineException {
    Conflict(String message) {
      super(message);
    }
  }
}
