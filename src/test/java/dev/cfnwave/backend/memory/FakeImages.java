package dev.cfnwave.backend.memory;

import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.ImagePullException;
import dev.cfnwave.backend.LocalImage;
import dev.cfnwave.backend.PullProgress;
import dev.cfnwave.backend.RemoteImage;
import dev.cfnwave.plan.ImageReference;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The images of an {@link InMemoryEngine} and a registry behind it. By default every image is
 * present (as built on the machine: an id, no registry digest) and pulls do nothing, as the tests
 * before images needed; {@link #onlyThoseAdded} makes it hold only what is added or pulled. A test
 * publishes images in the registry, makes pulls and lookups fail with a reason, holds pulls to see
 * how many run at once, and reads which pulls and removals happened.
 */
public final class FakeImages {

  private final Map<String, LocalImage> held = new ConcurrentHashMap<>();
  private final Map<String, RemoteImage> registry = new ConcurrentHashMap<>();
  private final Map<String, Deque<RuntimeException>> pullFailures = new ConcurrentHashMap<>();
  private final Map<String, ImagePullException> lookupFailures = new ConcurrentHashMap<>();
  private final java.util.Set<String> silentLookups =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final List<String> pulls = new CopyOnWriteArrayList<>();
  private final List<String> removed = new CopyOnWriteArrayList<>();
  private final AtomicInteger pulling = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();
  private volatile boolean everyImagePresent = true;
  private volatile CountDownLatch gate;

  /** From now on only images added or pulled are present. */
  public FakeImages onlyThoseAdded() {
    everyImagePresent = false;
    return this;
  }

  /**
   * An image present on the engine under this name, with these registry digests; an image the name
   * held before stays, under its digests (as a re-tagged image does).
   */
  public FakeImages add(String reference, String id, String... repoDigests) {
    hold(reference, new LocalImage(id, List.of(repoDigests), 1 << 20));
    return this;
  }

  private void hold(String reference, LocalImage image) {
    held.put(key(reference), image);
    image.repoDigests().forEach(digest -> held.put(key(digest), image));
  }

  /** The registry serves this image (a tag, or a digest) with this manifest digest and size. */
  public FakeImages publish(String reference, String digest, long sizeBytes) {
    registry.put(key(reference), new RemoteImage(digest, sizeBytes));
    return this;
  }

  /** The next pulls of the image fail with these, one per pull, in order. */
  public FakeImages failPulls(String reference, RuntimeException... failures) {
    pullFailures.computeIfAbsent(key(reference), k -> new ArrayDeque<>()).addAll(List.of(failures));
    return this;
  }

  /** Every registry lookup of the image fails with this. */
  public FakeImages failLookups(String reference, ImagePullException failure) {
    lookupFailures.put(key(reference), failure);
    return this;
  }

  /**
   * Registry lookups of the image say nothing, as on an engine without the lookup, though pulls
   * find it.
   */
  public FakeImages silentLookups(String reference) {
    silentLookups.add(key(reference));
    return this;
  }

  /** Pulls wait until {@link #releasePulls}. */
  public void holdPulls() {
    gate = new CountDownLatch(1);
  }

  public void releasePulls() {
    CountDownLatch held = gate;
    gate = null;
    if (held != null) {
      held.countDown();
    }
  }

  /** Every pull asked for, as asked, in order. */
  public List<String> pulls() {
    return List.copyOf(pulls);
  }

  /** How many pulls ran at once at most. */
  public int mostPullsAtOnce() {
    return mostAtOnce.get();
  }

  /** How many pulls are running now. */
  public int pullsRunning() {
    return pulling.get();
  }

  /** Every image removal asked for, as asked. */
  public List<String> removed() {
    return List.copyOf(removed);
  }

  /** What the engine holds under this name, id or registry digest. */
  public Optional<LocalImage> local(String reference) {
    if (reference.startsWith("sha256:")) {
      return held.values().stream()
          .filter(i -> i.id().equals(reference) || ("sha256:" + i.id()).equals(reference))
          .findFirst();
    }
    LocalImage found = held.get(key(reference));
    if (found == null && reference.contains("@")) {
      found =
          held.values().stream()
              .filter(i -> i.repoDigests().stream().anyMatch(d -> key(d).equals(key(reference))))
              .findFirst()
              .orElse(null);
    }
    if (found == null && everyImagePresent) {
      found =
          new LocalImage(
              String.format("sha256:%064x", reference.hashCode() & 0xffffffffL), List.of(), 1);
    }
    return Optional.ofNullable(found);
  }

  Optional<RemoteImage> remote(String reference) {
    if (silentLookups.contains(key(reference))) {
      return Optional.empty();
    }
    ImagePullException failure = lookupFailures.get(key(reference));
    if (failure != null) {
      throw failure;
    }
    return Optional.ofNullable(registry.get(key(reference)));
  }

  void pull(String reference, Duration timeout, PullProgress progress) {
    pulls.add(reference);
    mostAtOnce.accumulateAndGet(pulling.incrementAndGet(), Math::max);
    try {
      awaitGate(timeout);
      Deque<RuntimeException> failures = pullFailures.get(key(reference));
      RuntimeException failure = failures == null ? null : failures.poll();
      if (failure != null) {
        throw failure;
      }
      RemoteImage remote = registry.get(key(reference));
      if (remote == null) {
        if (everyImagePresent) {
          return;
        }
        throw new ImagePullException(
            ImagePullException.Reason.NOT_FOUND, reference + " is not in its registry");
      }
      progress.update(reference, 1, 2, remote.sizeBytes() / 2, remote.sizeBytes());
      progress.update(reference, 2, 2, remote.sizeBytes(), remote.sizeBytes());
      ImageReference named = ImageReference.parse(reference);
      LocalImage image =
          new LocalImage(
              "sha256:" + remote.digest().substring(7, 19) + "0".repeat(52),
              List.of(named.withDigest(remote.digest())),
              remote.sizeBytes());
      hold(reference, image);
    } finally {
      pulling.decrementAndGet();
    }
  }

  void remove(String reference) {
    removed.add(reference);
    held.entrySet()
        .removeIf(e -> e.getValue().id().equals(reference) || e.getKey().equals(key(reference)));
  }

  private void awaitGate(Duration timeout) {
    CountDownLatch waitFor = gate;
    if (waitFor == null) {
      return;
    }
    try {
      if (!waitFor.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new ImagePullException(ImagePullException.Reason.TIMED_OUT, "pull timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("pull interrupted");
    }
  }

  private static String key(String reference) {
    return reference.startsWith("sha256:")
        ? reference
        : ImageReference.parse(reference).normalized();
  }
}
