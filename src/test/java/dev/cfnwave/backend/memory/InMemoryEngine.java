package dev.cfnwave.backend.memory;

import dev.cfnwave.backend.AddressPoolRoom;
import dev.cfnwave.backend.AttemptRejectedException;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.LocalImage;
import dev.cfnwave.backend.NetworkFullException;
import dev.cfnwave.backend.NetworkRoom;
import dev.cfnwave.backend.PullProgress;
import dev.cfnwave.backend.RemoteImage;
import dev.cfnwave.backend.SavedLog;
import dev.cfnwave.engine.ContainerDetails;
import dev.cfnwave.engine.ContainerEngine;
import dev.cfnwave.engine.ContainerNotFoundException;
import dev.cfnwave.engine.ContainerState;
import dev.cfnwave.engine.ContainerSummary;
import dev.cfnwave.engine.EngineEvent;
import dev.cfnwave.engine.EngineInfo;
import dev.cfnwave.engine.EngineTimeoutException;
import dev.cfnwave.engine.EventSubscriber;
import dev.cfnwave.engine.NameConflictException;
import dev.cfnwave.testing.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link ContainerEngine}, the Docker backend's port, for unit tests of the Docker
 * backend's logic and (through {@link InMemoryBackend}) of everything above the backend interface.
 * A container's TASK_PROMPT is its behaviour: "ms=200 exit=3" runs 200 ms and exits 3, "oom" ends
 * OOM-killed with 137 after 50 ms, unless its memory limit reaches "survive=BYTES" ("oomlate=MS":
 * the OOM flag is set MS after the exit, as Docker does when the kernel's notice comes second),
 * "hold" runs until stopped or finished, "say=WORD" puts WORD in its log, "uses=BYTES" is its peak
 * memory while it runs (gone once it ended, as a cgroup is), "writes=BYTES" fills a file of its
 * output folder with that many bytes at its start, "result=WORD" writes a result.json there with
 * WORD as summary and 0.5 cost_usd ("result=bad": one that is no JSON), "limited=N" makes the
 * batch's first N attempts exit 75 (rate limited) instead of the "exit=" code. It records the
 * timeline of starts and ends with each container's memory limit, as the engine's event stream
 * would.
 */
public final class InMemoryEngine implements ContainerEngine {

  /** One start or end, in the order the engine saw them. */
  public record Moment(String name, String batchId, long memoryLimit, boolean start, Instant at) {}

  private static final class Fake {
    final String id;
    final AttemptSpec spec;
    volatile ContainerState state = ContainerState.CREATED;
    volatile Long exitCode;
    volatile boolean oomKilled;
    volatile Instant startedAt;
    volatile Instant finishedAt;

    Fake(String id, AttemptSpec spec) {
      this.id = id;
      this.spec = spec;
    }
  }

  private final Map<String, Fake> containers = new ConcurrentHashMap<>();
  private final List<EventSubscriber> subscribers = new CopyOnWriteArrayList<>();
  private final List<Moment> timeline = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger created = new AtomicInteger();
  private final Set<String> lostAnswers = ConcurrentHashMap.newKeySet();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> networkLimits = new ConcurrentHashMap<>();
  private final Map<String, Integer> foreignEndpoints = new ConcurrentHashMap<>();
  private final Set<String> raceFor = ConcurrentHashMap.newKeySet();
  private final Set<String> refusing = ConcurrentHashMap.newKeySet();
  private final Set<String> missingNetworks = ConcurrentHashMap.newKeySet();
  private final Map<String, Map<String, String>> createdNetworks = new ConcurrentHashMap<>();
  private volatile AddressPoolRoom addressPools;
  private volatile Path dataRoot;
  private final InstantSource time;
  private final FakeImages images = new FakeImages();
  private final List<AttemptSpec> createdSpecs = new CopyOnWriteArrayList<>();

  private volatile String product = EngineInfo.DOCKER;
  private volatile String version = "fake";
  private volatile boolean kernelLogReadable = true;
  private volatile RuntimeException wedged;

  /** The version info() reports from now on. */
  public void reportVersion(String version) {
    this.version = version;
  }

  /**
   * From now on it answers as Podman 4's Docker-compatible service: inspect never says OOMKilled,
   * and only this host's kernel log knows of an OOM kill, when it can be read.
   */
  public void actAsPodman(String version, boolean kernelLogReadable) {
    this.product = EngineInfo.PODMAN;
    this.version = version;
    this.kernelLogReadable = kernelLogReadable;
  }

  public InMemoryEngine() {
    this(InstantSource.system());
  }

  /** Start and end times come from {@code time} (a test's {@link ManualClock}, say). */
  public InMemoryEngine(InstantSource time) {
    this.time = time;
  }

  /** The running containers of the batch (with "hold", until {@link #finish}). */
  public long runningCount(String batchId) {
    return containers.values().stream()
        .filter(c -> c.state == ContainerState.RUNNING)
        .filter(c -> batchId.equals(c.spec.labels().get("cfn.batch.id")))
        .count();
  }

  /** All running containers. */
  public long runningCount() {
    return containers.values().stream().filter(c -> c.state == ContainerState.RUNNING).count();
  }

  /** Ends the batch's running containers with this exit code. */
  public void finish(String batchId, long exitCode) {
    containers.values().stream()
        .filter(c -> c.state == ContainerState.RUNNING)
        .filter(c -> batchId.equals(c.spec.labels().get("cfn.batch.id")))
        .forEach(c -> end(c, exitCode, false));
  }

  public List<Moment> timeline() {
    return List.copyOf(timeline);
  }

  public int createdCount() {
    return created.get();
  }

  public int liveCount() {
    return containers.size();
  }

  /**
   * The next "create" or "start" of the batch is carried out but its answer is lost: the caller
   * gets a timeout, as from an engine that answered too late.
   */
  public void loseAnswerOf(String call, String batchId) {
    lostAnswers.add(call + ":" + batchId);
  }

  /**
   * The next "create" or "start" of the batch fails outright, without being carried out, as a call
   * the engine refuses (not a timeout).
   */
  public void refuse(String call, String batchId) {
    refused.add(call + ":" + batchId);
  }

  /**
   * From now on every call on a container (create, start, inspect, logs, stop, remove) fails with
   * this, as from an engine judged wedged; lists still answer, as a wedged Docker's do.
   */
  public void wedge(RuntimeException failure) {
    this.wedged = failure;
  }

  private void failIfWedged() {
    RuntimeException failure = wedged;
    if (failure != null) {
      throw failure;
    }
  }

  private void maybeRefuse(String call, AttemptSpec spec) {
    if (refused.remove(call + ":" + spec.labels().get("cfn.batch.id"))) {
      throw new EngineException(call + " " + spec.name() + ": refused by the engine");
    }
  }

  private void maybeLoseAnswer(String call, AttemptSpec spec) {
    if (lostAnswers.remove(call + ":" + spec.labels().get("cfn.batch.id"))) {
      throw new EngineTimeoutException(call + " " + spec.name() + ": the engine did not answer");
    }
  }

  @Override
  public EngineInfo info() {
    return new EngineInfo(product, version, "1.41", 8L << 30);
  }

  /** Its images and the registry behind it. */
  public FakeImages images() {
    return images;
  }

  /** The image each container of the batch was created with, in the order they were created. */
  public List<String> imagesCreatedFor(String batchId) {
    return createdSpecs.stream()
        .filter(s -> batchId.equals(s.labels().get("cfn.batch.id")))
        .map(AttemptSpec::image)
        .toList();
  }

  @Override
  public boolean hasImage(String image) {
    return images.local(image).isPresent();
  }

  @Override
  public Optional<LocalImage> localImage(String image) {
    return images.local(image);
  }

  @Override
  public Optional<RemoteImage> remoteImage(String image) {
    return images.remote(image);
  }

  @Override
  public void pull(String image, Duration timeout, PullProgress progress) {
    images.pull(image, timeout, progress);
  }

  @Override
  public void removeImage(String image) {
    images.remove(image);
  }

  @Override
  public boolean hasNetwork(String name) {
    return !missingNetworks.contains(name) || createdNetworks.containsKey(name);
  }

  /** The network does not exist until created: every other network does. */
  public void withoutNetwork(String name) {
    missingNetworks.add(name);
  }

  /** What /info and the networks' subnets would say of the default address pools. */
  public void addressPools(AddressPoolRoom room) {
    addressPools = room;
  }

  /** The networks created through this engine, by name, with their labels. */
  public Map<String, Map<String, String>> createdNetworks() {
    return Map.copyOf(createdNetworks);
  }

  @Override
  public synchronized List<String> removeUnusedNetworks(List<String> labelFilters) {
    List<String> removed = new ArrayList<>();
    for (var network : Map.copyOf(createdNetworks).entrySet()) {
      boolean matches =
          labelFilters.stream()
              .allMatch(
                  f -> {
                    String[] kv = f.split("=", 2);
                    String value = network.getValue().get(kv[0]);
                    return value != null && (kv.length == 1 || kv[1].equals(value));
                  });
      boolean used =
          containers.values().stream().anyMatch(c -> network.getKey().equals(c.spec.network()));
      if (matches && !used) {
        createdNetworks.remove(network.getKey());
        removed.add(network.getKey());
      }
    }
    return removed;
  }

  @Override
  public Optional<AddressPoolRoom> addressPoolRoom() {
    return Optional.ofNullable(addressPools);
  }

  /** Where the engine says it keeps its data, as if it ran on this host. */
  public void dataRoot(Path root) {
    dataRoot = root;
  }

  @Override
  public Optional<Path> localDataRoot() {
    return Optional.ofNullable(dataRoot);
  }

  /**
   * From now on the network holds at most this many endpoints: its running containers and the
   * foreign ones {@link #occupy} adds; a start beyond fails as the engine's "exchange full" does.
   */
  public void limitNetwork(String network, long endpoints) {
    networkLimits.put(network, endpoints);
  }

  /** Endpoints on the network that no container here holds: another tool's. */
  public void occupy(String network, int endpoints) {
    foreignEndpoints.merge(network, endpoints, Integer::sum);
  }

  /**
   * Just before the next start on the network, something else takes all its free endpoints, and
   * gives them back once that start has failed: the race between a run's check and its start.
   */
  public void takeEndpointBeforeNextStart(String network) {
    raceFor.add(network);
  }

  /**
   * From now on every start on the network fails as full, while its count still shows room: what
   * the engine does when something the count does not see holds its endpoints.
   */
  public void refuseStartsOn(String network) {
    refusing.add(network);
  }

  @Override
  public NetworkRoom networkRoom(String name) {
    Long limit = networkLimits.get(name);
    return limit == null
        ? NetworkRoom.unlimited(name)
        : new NetworkRoom(name, limit, attached(name));
  }

  private long attached(String network) {
    long own =
        containers.values().stream()
            .filter(c -> c.state == ContainerState.RUNNING)
            .filter(c -> network.equals(c.spec.network()))
            .count();
    return own + foreignEndpoints.getOrDefault(network, 0);
  }

  private synchronized void joinNetwork(Fake c) {
    String network = c.spec.network();
    Long limit = network == null ? null : networkLimits.get(network);
    int raced = 0;
    if (limit != null && raceFor.remove(network)) {
      raced = (int) Math.max(0, limit - attached(network));
      occupy(network, raced);
    }
    if (network != null && refusing.contains(network)) {
      throw new NetworkFullException(
          "start container "
              + c.spec.name()
              + ": engine answered 500: failed to create endpoint on network "
              + network
              + ": exchange full",
          null);
    }
    if (limit != null && attached(network) >= limit) {
      occupy(network, -raced);
      throw new NetworkFullException(
          "start container "
              + c.spec.name()
              + ": engine answered 500: failed to create endpoint on network "
              + network
              + ": exchange full",
          null);
    }
    c.state = ContainerState.RUNNING;
  }

  @Override
  public void createNetwork(String name, Map<String, String> labels) {
    createdNetworks.put(name, Map.copyOf(labels));
  }

  @Override
  public synchronized String create(AttemptSpec spec) {
    failIfWedged();
    maybeRefuse("create", spec);
    if (containers.values().stream().anyMatch(c -> c.spec.name().equals(spec.name()))) {
      throw new NameConflictException(spec.name(), null);
    }
    if (images.local(spec.image()).isEmpty()) {
      throw new AttemptRejectedException(
          "the engine has no image " + spec.image() + ": No such image: " + spec.image(), null);
    }
    String id = String.format("%064x", ids.incrementAndGet());
    containers.put(id, new Fake(id, spec));
    createdSpecs.add(spec);
    created.incrementAndGet();
    maybeLoseAnswer("create", spec);
    return id;
  }

  @Override
  public void start(String containerId) {
    failIfWedged();
    Fake c = find(containerId);
    maybeRefuse("start", c.spec);
    joinNetwork(c);
    c.startedAt = time.instant();
    timeline.add(moment(c, true));
    String prompt = c.spec.environment().getOrDefault("TASK_PROMPT", "");
    long ms = 20;
    long exit = 0;
    boolean oom = false;
    boolean hold = false;
    long oomLate = 0;
    long limitedAttempts = 0;
    for (String word : prompt.split(" ")) {
      if (word.startsWith("ms=")) {
        ms = Long.parseLong(word.substring(3));
      } else if (word.startsWith("exit=")) {
        exit = Long.parseLong(word.substring(5));
      } else if (word.startsWith("limited=")) {
        limitedAttempts = Long.parseLong(word.substring(8));
      } else if (word.equals("hold")) {
        hold = true;
      } else if (word.equals("oom")) {
        oom = true;
      } else if (word.startsWith("oomlate=")) {
        oomLate = Long.parseLong(word.substring(8));
      } else if (word.startsWith("writes=") || word.startsWith("result=")) {
        writeOutput(c.spec, word);
      } else if (word.startsWith("survive=")) {
        oom = oom && c.spec.memoryLimitBytes() < Long.parseLong(word.substring(8));
      }
    }
    boolean killed = oom;
    long code = killed ? 137 : attemptNumber(c.spec) <= limitedAttempts ? 75 : exit;
    long flagLate = oomLate;
    if (!hold) {
      clock.schedule(
          () -> end(c, code, killed && flagLate == 0), killed ? 50 : ms, TimeUnit.MILLISECONDS);
    }
    if (killed && flagLate > 0) {
      clock.schedule(() -> c.oomKilled = true, 50 + flagLate, TimeUnit.MILLISECONDS);
    }
    maybeLoseAnswer("start", c.spec);
  }

  private static void writeOutput(AttemptSpec spec, String word) {
    if (spec.output() == null) {
      return;
    }
    java.nio.file.Path folder = spec.output().source();
    String value = word.substring(word.indexOf('=') + 1);
    try {
      if (word.startsWith("writes=")) {
        java.nio.file.Files.write(folder.resolve("data.bin"), new byte[Integer.parseInt(value)]);
      } else {
        java.nio.file.Files.writeString(
            folder.resolve("result.json"),
            value.equals("bad")
                ? "{not json"
                : "{\"status\": \"success\", \"summary\": \""
                    + value
                    + "\", \"usage\": {\"cost_usd\": 0.5}}");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void end(Fake c, long code, boolean oomKilled) {
    synchronized (c) {
      if (c.state != ContainerState.RUNNING) {
        return;
      }
      c.exitCode = code;
      c.oomKilled = oomKilled;
      c.finishedAt = time.instant();
      timeline.add(moment(c, false));
      c.state = ContainerState.EXITED;
    }
    subscribers.forEach(s -> s.onEvent(new EngineEvent(c.id, "die", code, c.finishedAt)));
  }

  private Moment moment(Fake c, boolean start) {
    return new Moment(
        c.spec.name(),
        c.spec.labels().get("cfn.batch.id"),
        c.spec.memoryLimitBytes(),
        start,
        time.instant());
  }

  @Override
  public List<ContainerSummary> listByLabels(Map<String, String> labels) {
    List<ContainerSummary> result = new ArrayList<>();
    for (Fake c : containers.values()) {
      if (c.spec.labels().entrySet().containsAll(labels.entrySet())) {
        result.add(summary(c));
      }
    }
    return result;
  }

  @Override
  public List<ContainerSummary> listByIds(Collection<String> wanted) {
    return containers.values().stream()
        .filter(c -> wanted.stream().anyMatch(c.id::startsWith))
        .map(InMemoryEngine::summary)
        .toList();
  }

  @Override
  public List<ContainerSummary> listRunning() {
    return containers.values().stream()
        .filter(c -> c.state == ContainerState.RUNNING)
        .map(InMemoryEngine::summary)
        .toList();
  }

  @Override
  public OptionalLong peakMemory(String containerId) {
    Fake c = containers.get(containerId);
    if (c == null || c.state != ContainerState.RUNNING) {
      return OptionalLong.empty();
    }
    for (String word : c.spec.environment().getOrDefault("TASK_PROMPT", "").split(" ")) {
      if (word.startsWith("uses=")) {
        return OptionalLong.of(Long.parseLong(word.substring(5)));
      }
    }
    return OptionalLong.empty();
  }

  @Override
  public long memoryLimit(String containerId) {
    return containers.values().stream()
        .filter(f -> f.id.equals(containerId))
        .findFirst()
        .orElseThrow(() -> new ContainerNotFoundException(containerId, null))
        .spec
        .memoryLimitBytes();
  }

  private static ContainerSummary summary(Fake c) {
    Integer code = c.exitCode == null ? null : c.exitCode.intValue();
    return new ContainerSummary(c.id, c.spec.name(), c.state, code, c.spec.labels(), 0);
  }

  @Override
  public ContainerDetails inspect(String containerId) {
    failIfWedged();
    Fake c =
        containers.values().stream()
            .filter(f -> f.id.equals(containerId) || f.spec.name().equals(containerId))
            .findFirst()
            .orElseThrow(() -> new ContainerNotFoundException(containerId, null));
    return new ContainerDetails(
        c.id,
        c.spec.name(),
        c.state,
        c.exitCode,
        c.oomKilled && !EngineInfo.PODMAN.equals(product),
        c.startedAt,
        c.finishedAt,
        c.spec.labels());
  }

  @Override
  public Optional<Boolean> killedByKernelOom(String containerId) {
    if (!kernelLogReadable) {
      return Optional.empty();
    }
    return containers.values().stream()
        .filter(f -> f.id.equals(containerId))
        .findFirst()
        .map(f -> f.oomKilled);
  }

  @Override
  public AutoCloseable subscribe(EventSubscriber subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  @Override
  public SavedLog saveLogs(String containerId, Path file, long maxBytes) {
    failIfWedged();
    try {
      Files.createDirectories(file.getParent());
      byte[] log = logOf(find(containerId)).getBytes(StandardCharsets.UTF_8);
      boolean truncated = log.length > maxBytes;
      Files.write(file, truncated ? Arrays.copyOf(log, (int) maxBytes) : log);
      return new SavedLog(file, Files.size(file), truncated);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What it printed so far; following ends at once, as for a container that stopped. */
  @Override
  public void copyLogs(String containerId, java.io.OutputStream out, boolean follow) {
    failIfWedged();
    try {
      out.write(logOf(find(containerId)).getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the container printed: the words after "say=" in its prompt, else "log of NAME". */
  private static String logOf(Fake c) {
    StringBuilder said = new StringBuilder();
    for (String word : c.spec.environment().getOrDefault("TASK_PROMPT", "").split(" ")) {
      if (word.startsWith("say=")) {
        said.append(word.substring(4)).append('\n');
      }
    }
    return said.isEmpty() ? "log of " + c.spec.name() + "\n" : said.toString();
  }

  @Override
  public void stop(String containerId, Duration grace) {
    failIfWedged();
    end(find(containerId), 143, false);
  }

  @Override
  public void remove(String containerId) {
    failIfWedged();
    Fake c = find(containerId);
    if (c.state == ContainerState.RUNNING) {
      end(c, 137, false);
    }
    containers.remove(containerId);
  }

  private Fake find(String containerId) {
    Fake c = containers.get(containerId);
    if (c == null) {
      throw new ContainerNotFoundException(containerId, null);
    }
    return c;
  }

  @Override
  public void close() {
    clock.shutdownNow();
  }

  /** 1, or K for a retry's container name ending in "-aK". */
  private static long attemptNumber(AttemptSpec spec) {
    java.util.regex.Matcher retry =
        java.util.regex.Pattern.compile("-a(\\d+)$").matcher(spec.name());
    return retry.find() ? Long.parseLong(retry.group(1)) : 1;
  }
}
