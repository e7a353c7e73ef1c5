package dev.cfnwave.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.cfnwave.backend.AddressPoolRoom;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.LocalImage;
import dev.cfnwave.backend.NetworkRoom;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read calls every command makes (version, info, list, inspect, image and network checks), sent
 * over docker-java's transport and read as JSON trees. docker-java's own models would be bound by
 * reflection first: binding the inspect and info models costs about 250 ms of CPU in every process,
 * more than the rest of a short command's work.
 */
public final class EngineReads {

  private static final Pattern EXIT_STATUS = Pattern.compile("Exited \\((-?\\d+)\\).*");
  private static final Pattern ANONYMOUS_VOLUME = Pattern.compile("[0-9a-f]{64}");

  private final DockerHttpClient http;
  private final ObjectMapper mapper;

  EngineReads(DockerHttpClient http, ObjectMapper mapper) {
    this.http = http;
    this.mapper = mapper;
  }

  EngineInfo info() throws IOException {
    return withMemory(get("/version", "version"), get("/info", "info").path("MemTotal").asLong(0));
  }

  /** What /version alone says: the engine's memory is left 0 (unknown), /info is not asked. */
  EngineInfo version() throws IOException {
    return withMemory(get("/version", "version"), 0);
  }

  private static EngineInfo withMemory(JsonNode version, long totalMemoryBytes) {
    return new EngineInfo(
        product(version), text(version, "Version"), text(version, "ApiVersion"), totalMemoryBytes);
  }

  /** Podman's service lists a component named "Podman Engine"; Docker's is named "Engine". */
  private static String product(JsonNode version) {
    for (JsonNode component : version.path("Components")) {
      if (component.path("Name").asText().startsWith(EngineInfo.PODMAN)) {
        return EngineInfo.PODMAN;
      }
    }
    return EngineInfo.DOCKER;
  }

  /** The engine's data root (DockerRootDir in /info); empty when it does not say. */
  Optional<String> dataRoot() throws IOException {
    String root = get("/info", "info").path("DockerRootDir").asText("");
    return root.isEmpty() ? Optional.empty() : Optional.of(root);
  }

  /** The room left in the engine's default address pools, against its networks' subnets. */
  AddressPoolRoom addressPoolRoom() throws IOException {
    return AddressPools.room(get("/info", "info"), get("/networks", "list networks"));
  }

  /** Whether the engine answers its ping; a wedged engine does, a hung one does not. */
  boolean ping() throws IOException {
    var request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET);
    try (var response = http.execute(request.path("/_ping").build())) {
      return response.getStatusCode() == 200;
    }
  }

  boolean hasImage(String image) throws IOException {
    return localImage(image).isPresent();
  }

  Optional<LocalImage> localImage(String image) throws IOException {
    try {
      JsonNode found = get("/images/" + encode(image) + "/json", "inspect image " + image);
      List<String> digests = new ArrayList<>();
      found.path("RepoDigests").forEach(digest -> digests.add(digest.asText()));
      return Optional.of(
          new LocalImage(found.path("Id").asText(), digests, found.path("Size").asLong()));
    } catch (NotFound e) {
      return Optional.empty();
    }
  }

  boolean hasNetwork(String name) throws IOException {
    String filters = encode(mapper.writeValueAsString(Map.of("name", List.of(name))));
    for (JsonNode network : get("/networks?filters=" + filters, "list networks")) {
      if (name.equals(network.path("Name").asText())) {
        return true;
      }
    }
    return false;
  }

  /** The names of the networks carrying all these labels ("key=value", or "key" for any value). */
  List<String> networkNames(List<String> labelFilters) throws IOException {
    String filters = encode(mapper.writeValueAsString(Map.of("label", labelFilters)));
    List<String> names = new ArrayList<>();
    for (JsonNode network : get("/networks?filters=" + filters, "list networks")) {
      names.add(network.path("Name").asText());
    }
    return names;
  }

  /**
   * Whether no container is connected to the network, nor created to join it (a created container
   * has no endpoint yet, but its start would fail without the network); false when it is gone.
   */
  boolean isUnused(String network) throws IOException {
    try {
      if (!get("/networks/" + encode(network), "inspect network " + network)
          .path("Containers")
          .isEmpty()) {
        return false;
      }
    } catch (NotFound e) {
      return false;
    }
    String filters = encode(mapper.writeValueAsString(Map.of("network", List.of(network))));
    return get("/containers/json?all=1&filters=" + filters, "list containers").isEmpty();
  }

  /** The network's room and the endpoints it holds now; unlimited when there is no such network. */
  NetworkRoom networkRoom(String name) throws IOException {
    try {
      return NetworkRooms.of(name, get("/networks/" + encode(name), "inspect network " + name));
    } catch (NotFound e) {
      return NetworkRoom.unlimited(name);
    }
  }

  /** Every container, running or not, that matches all the filters (label, id, ...). */
  List<ContainerSummary> list(Map<String, Collection<String>> filters) throws IOException {
    String query = encode(mapper.writeValueAsString(filters));
    JsonNode array = get("/containers/json?all=1&filters=" + query, "list containers");
    List<ContainerSummary> containers = new ArrayList<>(array.size());
    for (JsonNode c : array) {
      containers.add(summary(c));
    }
    return containers;
  }

  /**
   * @throws ContainerNotFoundException when the engine has no such container
   */
  ContainerDetails inspect(String containerId) throws IOException {
    String path = "/containers/" + encode(containerId) + "/json";
    JsonNode c;
    try {
      c = get(path, "inspect container " + containerId);
    } catch (NotFound e) {
      throw new ContainerNotFoundException(containerId, e);
    }
    JsonNode state = c.path("State");
    return new ContainerDetails(
        text(c, "Id"),
        stripSlash(text(c, "Name")),
        ContainerState.of(text(state, "Status")),
        state.hasNonNull("ExitCode") ? state.get("ExitCode").asLong() : null,
        state.path("OOMKilled").asBoolean(false),
        instant(text(state, "StartedAt")),
        instant(text(state, "FinishedAt")),
        labels(c.path("Config").path("Labels")));
  }

  /**
   * @throws ContainerNotFoundException when the engine has no such container
   */
  long memoryLimit(String containerId) throws IOException {
    try {
      return get("/containers/" + encode(containerId) + "/json", "inspect container " + containerId)
          .path("HostConfig")
          .path("Memory")
          .asLong(0);
    } catch (NotFound e) {
      throw new ContainerNotFoundException(containerId, e);
    }
  }

  /**
   * The container's memory from one stats sample without waiting for a second one: the cgroup v1
   * high-water mark when the engine reports it, else the usage now. Empty when it is not running.
   */
  OptionalLong statsPeak(String containerId) throws IOException {
    JsonNode memory;
    try {
      memory =
          get(
                  "/containers/" + encode(containerId) + "/stats?stream=false&one-shot=true",
                  "stats of container " + containerId)
              .path("memory_stats");
    } catch (NotFound e) {
      return OptionalLong.empty();
    }
    long peak = Math.max(memory.path("max_usage").asLong(0), memory.path("usage").asLong(0));
    return peak > 0 ? OptionalLong.of(peak) : OptionalLong.empty();
  }

  private JsonNode get(String path, String what) throws IOException {
    var request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET);
    try (var response = http.execute(request.path(path).build());
        InputStream body = response.getBody()) {
      int status = response.getStatusCode();
      if (status == 404) {
        throw new NotFound(what + ": " + message(body));
      }
      if (status / 100 != 2) {
        throw new EngineException(what + ": engine answered " + status + ": " + message(body));
      }
      return mapper.readTree(body);
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private String message(InputStream body) {
    try {
      JsonNode error = mapper.readTree(body);
      return error == null ? "" : error.path("message").asText("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static ContainerSummary summary(JsonNode c) {
    JsonNode names = c.path("Names");
    String name = names.isArray() && !names.isEmpty() ? stripSlash(names.get(0).asText()) : "";
    Integer exitCode = null;
    Matcher m = EXIT_STATUS.matcher(c.path("Status").asText(""));
    if (m.matches()) {
      exitCode = Integer.valueOf(m.group(1));
    }
    int anonymous = 0;
    for (JsonNode mount : c.path("Mounts")) {
      if (ANONYMOUS_VOLUME.matcher(mount.path("Name").asText("")).matches()) {
        anonymous++;
      }
    }
    return new ContainerSummary(
        text(c, "Id"),
        name,
        ContainerState.of(text(c, "State")),
        exitCode,
        labels(c.path("Labels")),
        anonymous);
  }

  private static Map<String, String> labels(JsonNode node) {
    Map<String, String> labels = new HashMap<>();
    node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  static String stripSlash(String name) {
    return name != null && name.startsWith("/") ? name.substring(1) : name;
  }

  private static Instant instant(String engineTime) {
    if (engineTime == null || engineTime.isEmpty() || engineTime.startsWith("0001-")) {
      return null;
    }
    return Instant.parse(engineTime);
  }

  /** A 404 answer, told apart so that callers can say which thing is missing. */
  public static final class NotFound extends EngineException {
    public NotFound(String message) {
      super(message);
    }
  }
}
