package dev.cfnwave.image;

import dev.cfnwave.InputException;
import dev.cfnwave.InputProblems;
import dev.cfnwave.ToolFailureException;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.image.ImageCheck.Checked;
import dev.cfnwave.plan.ImageReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/**
 * A command's images from the check on: each ready (with what it runs as), failed, or still
 * pulling. {@link #check} looks at every image before anything is created; {@link #start} pulls
 * those that must be pulled, in the background, writing each pin to the run folder before the image
 * counts as ready; a batch then waits for its own image only.
 */
public final class PreparedImages implements AutoCloseable {

  private final List<Checked> checked;
  private final Map<String, CompletableFuture<PinnedImage>> byKey = new LinkedHashMap<>();
  private final Map<String, String> keys = new ConcurrentHashMap<>();
  private final Map<String, PinnedImage> pins = new LinkedHashMap<>();
  private final ImagePuller puller;
  private final boolean unchecked;
  private Path runDirectory;

  private PreparedImages(List<Checked> checked, ImagePuller puller, boolean unchecked) {
    this.checked = checked;
    this.puller = puller;
    this.unchecked = unchecked;
    for (Checked image : checked) {
      CompletableFuture<PinnedImage> future = new CompletableFuture<>();
      byKey.put(image.need().key(), future);
      if (!image.toPull()) {
        pins.put(image.need().key(), image.pin());
        future.complete(image.pin());
      }
    }
  }

  /**
   * Checks every image, pulling none (see {@link ImageCheck}).
   *
   * @param earlier what an earlier process of the run pinned ({@link PinsFile#read}), by key
   * @throws InputException naming each image that cannot be used
   */
  public static PreparedImages check(
      Backend backend,
      List<NeededImage> needs,
      PullSettings settings,
      Map<String, PinnedImage> earlier,
      WaveListener listener) {
    return check(backend, needs, settings, earlier, listener, Thread::sleep);
  }

  static PreparedImages check(
      Backend backend,
      List<NeededImage> needs,
      PullSettings settings,
      Map<String, PinnedImage> earlier,
      WaveListener listener,
      ImagePuller.Sleeper sleeper) {
    List<Checked> checked =
        new ImageCheck(backend, settings.policy(), listener).check(needs, earlier);
    return new PreparedImages(
        checked, new ImagePuller(backend, settings, listener, sleeper), false);
  }

  /** For callers that checked nothing (tests): every image is ready and runs as written. */
  public static PreparedImages asWritten() {
    return new PreparedImages(List.of(), null, true);
  }

  /** What a pull would fetch, one line per image, for previews: nothing is pulled. */
  public List<String> preview() {
    List<String> lines = new ArrayList<>();
    for (Checked image : checked) {
      if (image.toPull()) {
        lines.add(
            image.need().image()
                + (image.presentBefore()
                    ? " would be pulled again (--pull always)"
                    : " is missing where attempts run and would be pulled")
                + (image.sizeBytes() > 0 ? " (" + Sizes.human(image.sizeBytes()) + ")" : ""));
      }
    }
    return lines;
  }

  /**
   * Pulls now, before anything is created, each image that must be pulled and whose registry could
   * not say whether it has it (an engine without the lookup; a registry on loopback, which the
   * engine asks again over plain HTTP after a refusal over TLS): a refusal then still ends the
   * command with nothing created. The others are pulled by {@link #start}, ahead of their batches.
   *
   * @throws ToolFailureException when a pull filled the engine's disk
   * @throws InputException naming each image that could not be pulled
   */
  public void pullUnconfirmed() {
    List<Checked> unconfirmed =
        checked.stream().filter(image -> image.toPull() && !image.confirmed()).toList();
    if (unconfirmed.isEmpty()) {
      return;
    }
    puller.start(unconfirmed, new Outcome());
    await(unconfirmed.stream().map(image -> byKey.get(image.need().key())).toList());
  }

  /**
   * Starts pulling what must be pulled and is not pulled yet; with a run folder, keeps every pin in
   * its images.json.
   *
   * @param runDirectory null to keep the pins nowhere (spawn)
   */
  public void start(Path runDirectory) {
    synchronized (this) {
      this.runDirectory = runDirectory;
      if (runDirectory != null && !pins.isEmpty()) {
        PinsFile.write(runDirectory, pins.values());
      }
    }
    List<Checked> toPull =
        checked.stream()
            .filter(image -> image.toPull() && !byKey.get(image.need().key()).isDone())
            .toList();
    if (!toPull.isEmpty()) {
      puller.start(toPull, new Outcome());
    }
  }

  /**
   * Waits for every pull (spawn, whose batches all start at once).
   *
   * @throws ToolFailureException when a pull filled the engine's disk
   * @throws InputException naming each image that could not be pulled
   */
  public void awaitAll() {
    await(List.copyOf(byKey.values()));
  }

  private static void await(List<CompletableFuture<PinnedImage>> futures) {
    List<InputException> problems = new ArrayList<>();
    for (CompletableFuture<PinnedImage> future : futures) {
      try {
        future.join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof ToolFailureException failure) {
          throw failure;
        }
        problems.add((InputException) e.getCause());
      }
    }
    InputProblems.throwIfAny(problems);
  }

  /** What the image as written runs as, once it is ready; empty while it is pulled or failed. */
  public Optional<PinnedImage> ready(String image) {
    if (unchecked) {
      return Optional.of(PinnedImage.asWritten(image));
    }
    CompletableFuture<PinnedImage> future = futureOf(image);
    return future.state() == Future.State.SUCCESS
        ? Optional.of(future.resultNow())
        : Optional.empty();
  }

  /** Why the image could not be pulled (one line naming where it is written), when it could not. */
  public Optional<String> failure(String image) {
    if (unchecked) {
      return Optional.empty();
    }
    CompletableFuture<PinnedImage> future = futureOf(image);
    return future.state() == Future.State.FAILED
        ? Optional.of(future.exceptionNow().getMessage())
        : Optional.empty();
  }

  /** Fails with the tool's failure (a full disk) in a pull, if one had it. */
  public void requireNoToolFailure() {
    for (CompletableFuture<PinnedImage> future : byKey.values()) {
      if (future.state() == Future.State.FAILED
          && future.exceptionNow() instanceof ToolFailureException failure) {
        throw failure;
      }
    }
  }

  /** Every image pinned so far, in the order they are needed. */
  public synchronized List<PinnedImage> pins() {
    return List.copyOf(pins.values());
  }

  /** The images this run pulled where none was under their name before it began. */
  public List<PinnedImage> pulled() {
    return pins().stream().filter(PinnedImage::pulled).toList();
  }

  private CompletableFuture<PinnedImage> futureOf(String image) {
    String key = keys.computeIfAbsent(image, written -> ImageReference.parse(written).normalized());
    CompletableFuture<PinnedImage> future = byKey.get(key);
    if (future == null) {
      throw new IllegalArgumentException(image + " is not one of the images checked");
    }
    return future;
  }

  @Override
  public void close() {
    if (puller != null) {
      puller.close();
    }
  }

  /** Keeps each pin (in the run folder first), then lets the batches have the image. */
  private final class Outcome implements ImagePuller.Outcome {
    @Override
    public void ready(Checked image, PinnedImage pin) {
      try {
        synchronized (PreparedImages.this) {
          pins.put(image.need().key(), pin);
          if (runDirectory != null) {
            PinsFile.write(runDirectory, pins.values());
          }
        }
      } catch (ToolFailureException e) {
        byKey.get(image.need().key()).completeExceptionally(e);
        return;
      }
      byKey.get(image.need().key()).complete(pin);
    }

    @Override
    public void failed(Checked image, RuntimeException why) {
      byKey.get(image.need().key()).completeExceptionally(why);
    }
  }
}
