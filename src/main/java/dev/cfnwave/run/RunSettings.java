package dev.cfnwave.run;

import dev.cfnwave.attempt.LogKeeper;
import dev.cfnwave.attempt.LogPolicy;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.NodeCapacity;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.report.ExitStatus;
import dev.cfnwave.run.admission.Schedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a run needs beyond the plan. waveTimeout applies to each wave from its first start;
 * batchTimeout (nullable) to each container from its start; pendingTimeout to an attempt launched
 * and not started yet (Swarm: no node took it), from its launch. memoryBudget caps the run's own
 * containers; engineBudget caps them together with what others hold on the engine. historyDirectory
 * (nullable) is the runs folder whose earlier runs give batches without expected_seconds their
 * estimates. nodes is the room each node has for attempts when the backend places them by memory
 * (empty: one node holding the whole budget). backfillLimit is how long batches that fit may start
 * before an earlier one waiting for memory (zero: strict order). networksPerRun is how many bridge
 * networks the attempts spread over (the network and its numbered siblings, {@code
 * attempt.Networks#names}). outputs says whether each attempt gets an output folder (none unless
 * set). pools overrides the plan's pool limits and says what a rate limit is and how the run backs
 * off from one. halt (nullable) is --halt success=N. spend is the spend budget: once the attempts'
 * result files report this much in all, no new attempt starts (none unless set).
 */
public record RunSettings(
    SpawnSettings spawn,
    List<Integer> waves,
    Schedule schedule,
    MemorySize memoryBudget,
    MemorySize engineBudget,
    Duration waveTimeout,
    Duration batchTimeout,
    Duration pendingTimeout,
    Duration stopGrace,
    Duration pollInterval,
    boolean keepGoing,
    int retries,
    Set<ExitStatus> retryOn,
    Duration backoff,
    boolean escalateMemory,
    LogPolicy logPolicy,
    long maxLogBytes,
    Path runDirectory,
    Path historyDirectory,
    List<NodeCapacity> nodes,
    Duration peakSampleInterval,
    Duration backfillLimit,
    int networksPerRun,
    OutputSettings outputs,
    PoolSettings pools,
    Halt halt,
    SpendLimits spend,
    FailureRules failureRules) {

  /** How long a launched attempt may wait to start unless --pending-timeout says otherwise. */
  public static final Duration DEFAULT_PENDING_TIMEOUT = Duration.ofSeconds(300);

  /** How often each running attempt's highest memory is read unless told otherwise. */
  public static final Duration DEFAULT_PEAK_SAMPLE_INTERVAL = Duration.ofSeconds(1);

  /** How long smaller batches may pass one that waits for memory unless told otherwise. */
  public static final Duration DEFAULT_BACKFILL_LIMIT = Duration.ofSeconds(60);

  public RunSettings {
    Objects.requireNonNull(pendingTimeout, "pendingTimeout");
    Objects.requireNonNull(backfillLimit, "backfillLimit");
    if (networksPerRun < 1) {
      throw new IllegalArgumentException("networksPerRun must be at least 1");
    }
    outputs = outputs == null ? OutputSettings.NONE : outputs;
    spend = spend == null ? SpendLimits.NONE : spend;
    Objects.requireNonNull(pools, "pools");
    failureRules = failureRules == null ? FailureRules.NONE : failureRules;
    if (backfillLimit.isNegative()) {
      throw new IllegalArgumentException("backfillLimit must not be negative");
    }
    waves = waves == null ? null : List.copyOf(waves);
    engineBudget = engineBudget == null ? memoryBudget : engineBudget;
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    retryOn = Set.copyOf(retryOn);
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative");
    }
    if (maxLogBytes < 0) {
      throw new IllegalArgumentException("maxLogBytes must not be negative");
    }
  }

  /** The largest memory limit one attempt may have: within the budget and on one node. */
  public MemorySize largestAttempt() {
    long largestNode =
        nodes.stream().mapToLong(NodeCapacity::memoryBytes).max().orElse(Long.MAX_VALUE);
    return new MemorySize(Math.min(memoryBudget.bytes(), largestNode));
  }

  public boolean includesWave(int waveNumber) {
    return waves == null || waves.contains(waveNumber);
  }

  /**
   * Settings for a run of every wave in {@code runDirectory}; the memory budget and the wave
   * timeout must be set, the rest starts from run's defaults: waves schedule, no time limit per
   * batch, 300 s pending limit, 60 s backfill limit, 10 s stop grace, 1 s poll interval, no retries
   * (of failed and oom_killed when asked for), 2 s backoff, no escalation, logs of failures kept.
   */
  public static Builder builder(SpawnSettings spawn, Path runDirectory) {
    return new Builder(spawn, runDirectory);
  }

  /** Builds RunSettings one named aspect at a time. */
  public static final class Builder {
    private final SpawnSettings spawn;
    private final Path runDirectory;
    private MemorySize memoryBudget;
    private MemorySize engineBudget;
    private Duration waveTimeout;
    private List<Integer> waves;
    private Schedule schedule = Schedule.WAVES;
    private Duration batchTimeout;
    private Duration pendingTimeout = DEFAULT_PENDING_TIMEOUT;
    private Duration stopGrace = Duration.ofSeconds(10);
    private Duration pollInterval = Duration.ofSeconds(1);
    private boolean keepGoing;
    private int retries;
    private Set<ExitStatus> retryOn = Set.of(ExitStatus.FAILED, ExitStatus.OOM_KILLED);
    private Duration backoff = Duration.ofSeconds(2);
    private boolean escalateMemory;
    private LogPolicy logPolicy = LogPolicy.FAILED;
    private long maxLogBytes = LogKeeper.DEFAULT_MAX_BYTES;
    private Path historyDirectory;
    private List<NodeCapacity> nodes = List.of();
    private Duration peakSampleInterval = DEFAULT_PEAK_SAMPLE_INTERVAL;
    private Duration backfillLimit = DEFAULT_BACKFILL_LIMIT;
    private int networksPerRun = 1;
    private OutputSettings outputs = OutputSettings.NONE;
    private PoolSettings pools;
    private Halt halt;
    private SpendLimits spend = SpendLimits.NONE;
    private FailureRules failureRules = FailureRules.NONE;

    private Builder(SpawnSettings spawn, Path runDirectory) {
      this.spawn = spawn;
      this.runDirectory = runDirectory;
    }

    /** The most memory (sum of limits) the run's containers may hold at once. */
    public Builder memoryBudget(MemorySize value) {
      memoryBudget = value;
      return this;
    }

    /**
     * The most memory the run's containers and what others hold on the engine may add up to when
     * the run admits (default: the run's memory budget).
     */
    public Builder engineBudget(MemorySize value) {
      engineBudget = value;
      return this;
    }

    /** Each wave's time limit from its first start. */
    public Builder waveTimeout(Duration value) {
      waveTimeout = value;
      return this;
    }

    /** Only these waves (null for all). */
    public Builder waves(List<Integer> value) {
      waves = value;
      return this;
    }

    public Builder schedule(Schedule value) {
      schedule = value;
      return this;
    }

    /** Each container's time limit (null for none). */
    public Builder batchTimeout(Duration value) {
      batchTimeout = value;
      return this;
    }

    /** How long a launched attempt may wait to be started (Swarm: placed on a node). */
    public Builder pendingTimeout(Duration value) {
      pendingTimeout = value;
      return this;
    }

    public Builder stopGrace(Duration value) {
      stopGrace = value;
      return this;
    }

    public Builder pollInterval(Duration value) {
      pollInterval = value;
      return this;
    }

    public Builder keepGoing(boolean value) {
      keepGoing = value;
      return this;
    }

    /** Up to {@code count} retries of the given outcomes, the first after {@code backoff}. */
    public Builder retries(int count, Set<ExitStatus> on, Duration firstBackoff) {
      retries = count;
      retryOn = on;
      backoff = firstBackoff;
      return this;
    }

    public Builder escalateMemory(boolean value) {
      escalateMemory = value;
      return this;
    }

    public Builder logs(LogPolicy policy, long maxBytes) {
      logPolicy = policy;
      maxLogBytes = maxBytes;
      return this;
    }

    /**
     * Where earlier runs keep their folders: batches without expected_seconds take their estimates
     * from those runs (none by default).
     */
    public Builder learnDurationsFrom(Path runsDirectory) {
      historyDirectory = runsDirectory;
      return this;
    }

    /** The room each node has for attempts, when the backend places them by memory. */
    public Builder nodes(List<NodeCapacity> value) {
      nodes = value;
      return this;
    }

    /** How often to read each running attempt's highest memory; zero: not at all. */
    public Builder peakSampleInterval(Duration value) {
      peakSampleInterval = value;
      return this;
    }

    /**
     * How long batches that fit may start before an earlier one that waits for memory, from the
     * first time it did not fit; zero: strict order.
     */
    public Builder backfillLimit(Duration value) {
      backfillLimit = value;
      return this;
    }

    /** How many networks the attempts spread over (default 1: the network alone). */
    public Builder networksPerRun(int value) {
      networksPerRun = value;
      return this;
    }

    /** Each attempt's output folder (none by default). */
    public Builder outputs(OutputSettings value) {
      outputs = value;
      return this;
    }

    /** --retry-on's exit codes and --fail-fast-on-log's patterns (none by default). */
    public Builder failureRules(FailureRules value) {
      failureRules = value;
      return this;
    }

    /** Pool limit overrides and rate-limit handling (default: {@link PoolSettings#defaults}). */
    public Builder pools(PoolSettings value) {
      pools = value;
      return this;
    }

    /** --halt success=N: cancel the rest once N batches succeeded (null: never). */
    public Builder halt(Halt value) {
      halt = value;
      return this;
    }

    /** The spend budget (default: none). */
    public Builder spend(SpendLimits value) {
      spend = value;
      return this;
    }

    public RunSettings build() {
      Objects.requireNonNull(memoryBudget, "memoryBudget");
      Objects.requireNonNull(waveTimeout, "waveTimeout");
      return new RunSettings(
          spawn,
          waves,
          schedule,
          memoryBudget,
          engineBudget,
          waveTimeout,
          batchTimeout,
          pendingTimeout,
          stopGrace,
          pollInterval,
          keepGoing,
          retries,
          retryOn,
          backoff,
          escalateMemory,
          logPolicy,
          maxLogBytes,
          runDirectory,
          historyDirectory,
          nodes,
          peakSampleInterval,
          backfillLimit,
          networksPerRun,
          outputs,
          pools != null ? pools : PoolSettings.defaults(spawn.runId().hashCode()),
          halt,
          spend,
          failureRules);
    }
  }
}
