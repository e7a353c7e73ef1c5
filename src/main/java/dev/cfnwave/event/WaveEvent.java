package dev.cfnwave.event;

/**
 * Something that happened while spawning, watching or cleaning up; listeners render it. A {@code
 * containerName} is the attempt's name: its container's on Docker, its service's on Swarm; a {@code
 * handle} is the backend's id of the attempt (a container id, a service id).
 */
public sealed interface WaveEvent {

  /** A note for people: warnings, and details shown only when verbose. */
  record Note(Level level, String message) implements WaveEvent {}

  record ContainerSpawned(String batchId, String containerName, String handle)
      implements WaveEvent {}

  record SpawnFailed(String batchId, String containerName, String reason) implements WaveEvent {}

  record ContainerFinished(String batchId, String containerName, String exitStatus, Long exitCode)
      implements WaveEvent {}

  /** The counts monitor prints every poll interval. */
  record MonitorProgress(int running, int completed, int failed, int timeout)
      implements WaveEvent {}

  record LogSaved(String containerName, String file, long bytes, boolean truncated)
      implements WaveEvent {}

  record ContainerRemoved(String containerName, boolean dryRun) implements WaveEvent {}

  record CleanupFailed(String containerName, String reason) implements WaveEvent {}

  /**
   * The state of a run, published every second and at once when a wave starts or ends: {@code
   * batches} in all, of which {@code succeeded}, {@code failed} (skipped ones too) and {@code
   * cancelled} (best-of-N, --halt) are settled and {@code pending} wait for an attempt; {@code eta}
   * is null while nothing tells; {@code pools} the plan's pools; {@code spend} is what the run's
   * attempts reported spending so far, against the spend budget.
   */
  record RunProgress(
      int wavesDone,
      int wavesTotal,
      int batches,
      int running,
      int succeeded,
      int failed,
      int cancelled,
      int pending,
      long memoryInUse,
      long memoryBudget,
      long memoryHeldByOthers,
      java.time.Duration elapsed,
      java.time.Duration eta,
      java.util.List<PoolProgress> pools,
      Spend spend)
      implements WaveEvent {

    public RunProgress {
      pools = java.util.List.copyOf(pools);
      spend = spend == null ? Spend.NONE : spend;
    }

    public RunProgress withSpend(Spend value) {
      return new RunProgress(
          wavesDone,
          wavesTotal,
          batches,
          running,
          succeeded,
          failed,
          cancelled,
          pending,
          memoryInUse,
          memoryBudget,
          memoryHeldByOthers,
          elapsed,
          eta,
          pools,
          value);
    }
  }

  /**
   * A pool as a run's progress shows it: attempts using it now (this run's and others'), its limit
   * now (lowered by rate limits) and as configured, and the run's rate-limited attempts so far.
   */
  record PoolProgress(String name, int inUse, int limit, int configured, long rateLimited) {}

  /**
   * What the run's attempts reported spending so far (usage from their result files, added up key
   * by key) and the spend budget's limits (--max-cost, --max-usage); both empty when neither.
   */
  record Spend(
      java.util.Map<String, java.math.BigDecimal> totals,
      java.util.Map<String, java.math.BigDecimal> limits) {

    public static final Spend NONE = new Spend(java.util.Map.of(), java.util.Map.of());

    public Spend {
      totals = totals == null ? java.util.Map.of() : totals;
      limits = limits == null ? java.util.Map.of() : limits;
    }

    public boolean isEmpty() {
      return totals.isEmpty() && limits.isEmpty();
    }
  }

  /**
   * A network of the run is near full, published with the run's progress: its endpoints in use (the
   * run's and everyone else's) against the most it holds.
   */
  record NetworkUse(String network, long inUse, long endpoints) implements WaveEvent {}

  /** The first batch of a wave left the queue (on a resume: of a wave not started before). */
  record WaveStarted(int waveNumber, int batches) implements WaveEvent {}

  /**
   * Every batch of a wave has its final result, or will not start (the run stopped first): skipped
   * (a dependency did not succeed, or the spend budget was reached) and cancelled (best-of-N,
   * --halt) are counted apart from failed; spend is the run's so far.
   */
  record WaveEnded(
      int waveNumber,
      int succeeded,
      int failed,
      int skipped,
      int cancelled,
      int notStarted,
      Spend spend)
      implements WaveEvent {

    public WaveEnded {
      spend = spend == null ? Spend.NONE : spend;
    }

    /** Nothing skipped or cancelled, without spend. */
    public WaveEnded(int waveNumber, int succeeded, int failed, int notStarted) {
      this(waveNumber, succeeded, failed, 0, 0, notStarted, Spend.NONE);
    }
  }

  /** A launched attempt is not started yet, for this reason (Swarm: no node took its task). */
  record AttemptPending(String batchId, String containerName, String reason) implements WaveEvent {}

  /** A batch has its final result after its attempts. */
  record BatchSettled(String batchId, String finalStatus, int attempts) implements WaveEvent {}

  /** A failed attempt will be retried as a new container after a backoff. */
  record RetryScheduled(String batchId, int nextAttempt, long delayMillis, String memoryLimit)
      implements WaveEvent {}

  /**
   * An image is downloading: layers done of those known so far, and bytes of them (totals grow as
   * the registry tells of more layers).
   */
  record ImagePullProgress(
      String image, int layersDone, int layersTotal, long bytesDone, long bytesTotal)
      implements WaveEvent {}

  /** An image was pulled, in this time; attempts run it as {@code runAs} (its digest). */
  record ImagePulled(String image, String runAs, java.time.Duration took) implements WaveEvent {}

  /** Severity of a note, lowest first. */
  enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }
}
