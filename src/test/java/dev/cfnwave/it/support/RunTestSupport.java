package dev.cfnwave.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.engine.ContainerState;
import dev.cfnwave.report.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tests of {@code cfn-wave run}: run folders, child processes and engine events. */
public abstract class RunTestSupport extends DockerTestSupport {

  /**
   * docker-java itself, for watching the engine's own events; one per test, so that none outlives a
   * dockerd that a test restarted (static for {@link EngineEvents}; tests run one at a time).
   */
  public static DockerClient docker;

  @BeforeEach
  public void openClient() {
    docker = DockerTestSupport.rawClient();
  }

  @AfterEach
  public void closeClient() throws Exception {
    docker.close();
  }

  public Path runsDir() {
    return temp.resolve("runs");
  }

  public Path runFolder(String id) {
    return runsDir().resolve(id);
  }

  public String[] runArguments(String id, Path plan, String... extra) {
    return concat(
        runOptions(id, plan, workspace, AGENT_IMAGE),
        concat(new String[] {"--network", "bridge"}, extra));
  }

  /** run with the options every run test gives: plan, run id, runs folder, workspace, image. */
  public String[] runOptions(String id, Path plan, Path workspaceDir, String image) {
    return new String[] {
      "run",
      "--wave-plan",
      plan.toString(),
      "--run-id",
      id,
      "--runs-dir",
      runsDir().toString(),
      "--workspace",
      workspaceDir.toString(),
      "--base-image",
      image,
      "--poll-interval",
      "0.5"
    };
  }

  public CliRun run(Path plan, String... extra) {
    return cfnWave(runArguments(runId, plan, extra));
  }

  /** bin/cfn-wave run as a child process, with this test's CFN_* variables. */
  public Process startChild(Path plan, String... extra) throws IOException {
    return startCfnWave(runArguments(runId, plan, extra));
  }

  /**
   * bin/cfn-wave as a child process, with this test's CFN_* variables; its stdout and stderr go to
   * {@link #childOut()} and {@link #childErr()}.
   */
  public Process startCfnWave(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    // A JVM ignores SIGINT when it starts with SIGINT ignored (a background job), and SIGHUP
    // under nohup: reset them.
    command.addAll(List.of("env", "--default-signal=INT,HUP", "bin/cfn-wave"));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile());
    builder.environment().putAll(environment);
    builder.environment().remove("CFN_STDERR_IS_TTY");
    builder.redirectOutput(temp.resolve("child.out").toFile());
    builder.redirectError(temp.resolve("child.err").toFile());
    return builder.start();
  }

  public String childErr() throws IOException {
    Path err = temp.resolve("child.err");
    return Files.exists(err) ? Files.readString(err) : "";
  }

  public String childOut() throws IOException {
    Path out = temp.resolve("child.out");
    return Files.exists(out) ? Files.readString(out) : "";
  }

  /**
   * The entries of this run's journal so far (none before it exists): its whole lines only, so that
   * it can be read while a running process appends.
   */
  public List<JsonNode> journal() throws IOException {
    Path file = runFolder(runId).resolve("journal.jsonl");
    if (!Files.exists(file)) {
      return List.of();
    }
    String text = Files.readString(file);
    return text.substring(0, text.lastIndexOf('\n') + 1)
        .lines()
        .map(RunTestSupport::readLine)
        .toList();
  }

  /** The journal entries of one type, in the journal's order. */
  public List<JsonNode> journal(String type) throws IOException {
    return journal().stream().filter(e -> e.path("type").asText().equals(type)).toList();
  }

  /**
   * How many lines a batch's containers appended to {@code name-<batch id>} in the workspace
   * (scripts that count their own starts or signals write there).
   */
  public long linesOf(String name, String batchId) throws IOException {
    Path file = workspace.resolve(name + "-" + batchId);
    return Files.exists(file) ? Files.readAllLines(file).size() : 0;
  }

  /**
   * Lets a batch's containers that wait for {@code /workspace/exit-<batch id>} exit with this code
   * (the file appears whole, at once).
   */
  public void exitWith(String batchId, int code) throws IOException {
    Path partial = Files.writeString(temp.resolve("exit-" + batchId), String.valueOf(code));
    Files.move(
        partial,
        workspace.resolve("exit-" + batchId),
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public long runningContainers() {
    return containersOfThisRun().stream().filter(c -> c.state() == ContainerState.RUNNING).count();
  }

  /** How many times each batch was settled, from the run's journal: it must be once each. */
  public Map<String, Long> settlementsPerBatch() throws IOException {
    return Files.readAllLines(runFolder(runId).resolve("journal.jsonl")).stream()
        .map(RunTestSupport::readLine)
        .filter(entry -> entry.path("type").asText().equals("batch_settled"))
        .collect(Collectors.groupingBy(e -> e.get("batch_id").asText(), Collectors.counting()));
  }

  public static JsonNode byBatch(JsonNode report, String batchId) {
    for (JsonNode b : report.get("batches")) {
      if (batchId.equals(b.get("batch_id").asText())) {
        return b;
      }
    }
    throw new AssertionError("no batch " + batchId + " in " + report);
  }

  public static JsonNode read(Path file) throws IOException {
    return Json.MAPPER.readTree(Files.readString(file));
  }

  public static JsonNode readLine(String line) {
    try {
      return Json.MAPPER.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("journal line is not JSON: " + line, e);
    }
  }

  /** One container event of the engine, with the container's labels among its attributes. */
  public record EngineEvent(String action, long timeNano, Map<String, String> attributes) {

    public String label(String name) {
      return attributes.get(name);
    }
  }

  /**
   * The engine's container events of one run, as the engine orders them, from (just before) the
   * subscription on: events of the last second are replayed, so none is missed at the start.
   */
  public static final class EngineEvents implements AutoCloseable {

    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    private final ResultCallback.Adapter<Event> callback;

    private EngineEvents(Map<String, String> labels) {
      callback =
          docker
              .eventsCmd()
              .withEventTypeFilter(EventType.CONTAINER)
              .withLabelFilter(labels)
              .withSince(String.valueOf(Instant.now().getEpochSecond() - 1))
              .exec(
                  new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event event) {
                      Map<String, String> attributes =
                          event.getActor() == null || event.getActor().getAttributes() == null
                              ? Map.of()
                              : new HashMap<>(event.getActor().getAttributes());
                      events.add(
                          new EngineEvent(
                              dockerAction(event.getAction()),
                              event.getTimeNano() == null ? 0 : event.getTimeNano(),
                              attributes));
                    }
                  });
    }

    /** Podman's events name a container's removal "remove" where Docker's say "destroy". */
    private static String dockerAction(String action) {
      return "remove".equals(action) ? "destroy" : action;
    }

    public static EngineEvents of(String runId) {
      return new EngineEvents(Map.of(CfnLabels.RUN_ID, runId));
    }

    /** The events of every container that carries this label, whichever run made it. */
    public static EngineEvents withLabel(String label, String value) {
      return new EngineEvents(Map.of(label, value));
    }

    public List<EngineEvent> all() {
      return List.copyOf(events);
    }

    public List<EngineEvent> withAction(String action) {
      return events.stream().filter(e -> e.action().equals(action)).toList();
    }

    public void awaitCount(String action, int count) {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(withAction(action)).hasSizeGreaterThanOrEqualTo(count));
    }

    @Override
    public void close() {
      try {
        callback.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
