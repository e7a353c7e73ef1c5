package dev.cfnwave.backend.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request.Method;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.engine.Deadline;
import dev.cfnwave.engine.EngineHealth;
import dev.cfnwave.engine.EngineReads;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The Swarm calls of the Engine API (services, tasks, nodes, networks), sent over docker-java's raw
 * transport as JSON trees, each under a deadline. Raw rather than docker-java's models: the models
 * of API 1.41 lack the capability, pids and tmpfs fields a hardened service needs.
 *
 * <p>Calls on services and tasks are to a manager what container calls are to one engine: with the
 * {@link #deadline} made here they are judged by an {@link EngineHealth}, so that a manager that
 * stops answering them while it answers its ping is named as a wedged engine, not blamed on each
 * attempt.
 */
final class SwarmApi {

  private final DockerHttpClient http;
  private final Deadline deadline;
  private final Duration callLimit;
  private final ObjectMapper mapper = new ObjectMapper();

  /** A service no name or id can be (both begin with a letter or digit): inspecting it is a 404. */
  private static final String PROBE = "/services/-cfn-wave-probe";

  SwarmApi(DockerHttpClient http, Deadline deadline, Duration callLimit) {
    this.http = http;
    this.deadline = deadline;
    this.callLimit = callLimit;
  }

  /**
   * The deadline for these calls on the manager behind {@code http}: service and task calls judged,
   * probed with an inspect of a service that cannot exist.
   */
  static Deadline deadline(
      DockerHttpClient http, Duration callLimit, Function<Throwable, RuntimeException> translate) {
    return new Deadline(
        translate,
        new EngineHealth(EngineHealth.DEFAULT_THRESHOLD, EngineHealth.probeLimit(callLimit)),
        () -> status(http, PROBE),
        () -> status(http, "/_ping") == 200);
  }

  private static int status(DockerHttpClient http, String path) throws IOException {
    var request = DockerHttpClient.Request.builder().method(Method.GET).path(path).build();
    try (var response = http.execute(request)) {
      return response.getStatusCode();
    }
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
    return call(Method.GET, path, null, Map.of(), what);
  }

  JsonNode post(String path, JsonNode body, String what) {
    return call(Method.POST, path, body, Map.of(), what);
  }

  /** A POST with headers of its own (X-Registry-Auth); their values are never in a message. */
  JsonNode post(String path, JsonNode body, Map<String, String> headers, String what) {
    return call(Method.POST, path, body, headers, what);
  }

  void delete(String path, String what) {
    call(Method.DELETE, path, null, Map.of(), what);
  }

  private JsonNode call(
      Method method, String path, JsonNode body, Map<String, String> headers, String what) {
    Callable<JsonNode> send = () -> send(method, path, body, headers, what);
    return path.startsWith("/services") || path.startsWith("/tasks")
        ? deadline.containerCall(what, callLimit, send)
        : deadline.call(what, callLimit, send);
  }

  private JsonNode send(
      Method method, String path, JsonNode body, Map<String, String> headers, String what)
      throws IOException {
    var request = DockerHttpClient.Request.builder().method(method).path(path);
    headers.forEach(request::putHeader);
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
