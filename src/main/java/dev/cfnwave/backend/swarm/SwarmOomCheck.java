package dev.cfnwave.backend.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.InputException;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.engine.DockerEngine;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Swarm reports a task's exit code but never an OOM kill (exit 137 only says SIGKILL): only the
 * engine of the node that ran it knows (State.OOMKilled). This asks that engine when it can be
 * reached: the manager's own node through the manager, another node when CFN_SWARM_NODE_ENGINES
 * names its engine ({@code NODE_ID=DOCKER_HOST,...}, with the manager's TLS settings). Otherwise
 * the attempt stays failed and its error says that the OOM kill could not be confirmed.
 */
final class SwarmOomCheck implements AutoCloseable {

  static final String VARIABLE = "CFN_SWARM_NODE_ENGINES";

  /** What SIGKILL from anyone, the OOM killer among them, leaves as the exit code. */
  static final long KILLED = 137;

  private static final Duration LIMIT = Duration.ofSeconds(10);

  private final DockerEngine manager;
  private final Supplier<String> managerNode;
  private final Map<String, String> nodeHosts;
  private final Map<String, String> environment;
  private final Duration limit;
  private final Map<String, DockerEngine> engines = new ConcurrentHashMap<>();

  /**
   * @param managerNode the manager's own node id (asked for once, when first needed)
   * @throws InputException when CFN_SWARM_NODE_ENGINES is malformed
   */
  SwarmOomCheck(
      DockerEngine manager,
      Supplier<String> managerNode,
      Map<String, String> environment,
      Duration callLimit) {
    this.manager = manager;
    this.managerNode = managerNode;
    this.nodeHosts = parse(environment.get(VARIABLE));
    this.environment = Map.copyOf(environment);
    this.limit = callLimit.compareTo(LIMIT) < 0 ? callLimit : LIMIT;
  }

  /** {@code NODE_ID=DOCKER_HOST} pairs, comma-separated; null or blank for none. */
  static Map<String, String> parse(String value) {
    Map<String, String> hosts = new LinkedHashMap<>();
    if (value == null || value.isBlank()) {
      return hosts;
    }
    for (String pair : value.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new InputException(
            VARIABLE, "expected NODE_ID=DOCKER_HOST[,NODE_ID=DOCKER_HOST...], got '" + pair + "'");
      }
      hosts.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return hosts;
  }

  /** The status, with OOM confirmed or the error saying it could not be, when it ended with 137. */
  AttemptStatus check(AttemptStatus status, JsonNode task) {
    if (status.exitCode() == null || status.exitCode() != KILLED || task == null) {
      return status;
    }
    String node = task.path("NodeID").asText("");
    String container = task.path("Status").path("ContainerStatus").path("ContainerID").asText("");
    return judged(status, node, container.isEmpty() ? Optional.empty() : ask(node, container));
  }

  /**
   * @param verdict what the node's engine says (empty: it could not be asked)
   */
  static AttemptStatus judged(AttemptStatus status, String node, Optional<Boolean> verdict) {
    String error;
    boolean oom = verdict.orElse(false);
    if (verdict.isEmpty()) {
      error =
          "killed (exit 137): OOM not confirmable on swarm (node "
              + node
              + "'s engine is not reachable; "
              + VARIABLE
              + " can name it)";
    } else if (oom) {
      error = "OOM-killed (node " + node + "'s engine says)";
    } else {
      error = "killed (exit 137), not by the OOM killer (node " + node + "'s engine says)";
    }
    return status.withOomVerdict(oom, error);
  }

  /** Any failure (no engine named, unreachable, bad DOCKER_HOST, container gone) is no verdict. */
  private Optional<Boolean> ask(String node, String container) {
    try {
      DockerEngine engine = engineOf(node);
      return engine == null ? Optional.empty() : Optional.of(engine.inspect(container).oomKilled());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private DockerEngine engineOf(String node) {
    if (node.equals(managerNode.get())) {
      return manager;
    }
    String host = nodeHosts.get(node);
    if (host == null) {
      return null;
    }
    return engines.computeIfAbsent(
        node,
        n -> {
          Map<String, String> env = new HashMap<>(environment);
          env.remove("DOCKER_CONTEXT");
          env.put("DOCKER_HOST", host);
          return DockerEngine.connect(env, limit);
        });
  }

  @Override
  public void close() {
    engines.values().forEach(DockerEngine::close);
  }
}
