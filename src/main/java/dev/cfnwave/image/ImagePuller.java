package dev.cfnwave.image;

import dev.cfnwave.InputException;
import dev.cfnwave.ToolFailureException;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.ImagePullException;
import dev.cfnwave.backend.LocalImage;
import dev.cfnwave.backend.PullProgress;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.image.ImageCheck.Checked;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Pulls images in the background, in the order given (the order their first batches come), at most
 * --pull-parallel at a time; a registry that asks to come back later is tried again after the time
 * it asks (or a backoff), a few times. Each image ends ready, with what it runs as, or failed: a
 * full disk is the tool's failure, anything else the image's.
 */
final class ImagePuller implements AutoCloseable {

  /** How often a rate-limited pull is tried again. */
  static final int RATE_LIMIT_RETRIES = 3;

  /** The first wait when the registry does not say how long; doubles for each further try. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);

  /** Waits between tries; tests do not. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** Told how each image ended, from the pulling thread. */
  interface Outcome {
    void ready(Checked image, PinnedImage pin);

    void failed(Checked image, RuntimeException why);
  }

  private final Backend backend;
  private final PullSettings settings;
  private final WaveListener listener;
  private final Sleeper sleeper;
  private final ExecutorService pool;

  ImagePuller(Backend backend, PullSettings settings, WaveListener listener, Sleeper sleeper) {
    this.backend = backend;
    this.settings = settings;
    this.listener = listener;
    this.sleeper = sleeper;
    this.pool =
        Executors.newFixedThreadPool(
            settings.parallel(), Thread.ofVirtual().name("image-pull-", 0).factory());
  }

  /** Queues the pulls, first needed first. */
  void start(List<Checked> images, Outcome outcome) {
    for (Checked image : images) {
      pool.submit(() -> pull(image, outcome));
    }
  }

  private void pull(Checked image, Outcome outcome) {
    NeededImage need = image.need();
    listener.debug(
        "pulling "
            + image.pullAs()
            + (image.sizeBytes() > 0 ? " (" + Sizes.human(image.sizeBytes()) + ")" : "")
            + ", first needed by batch "
            + need.firstBatchId());
    long began = System.nanoTime();
    try {
      pullWithRetries(image);
      PinnedImage pin = image.pin() != null ? image.pin() : pinAfterPull(need);
      if (!image.presentBefore()) {
        pin = pin.pulledNow();
      }
      listener.on(
          new WaveEvent.ImagePulled(
              need.image(), pin.runAs(), Duration.ofNanos(System.nanoTime() - began)));
      outcome.ready(image, pin);
    } catch (ImagePullException e) {
      String line = need.source() + ": " + e.getMessage();
      outcome.failed(
          image,
          e.reason() == ImagePullException.Reason.DISK_FULL
              ? new ToolFailureException(line, e)
              : new InputException(need.source(), e.getMessage(), e));
    } catch (ToolFailureException e) {
      outcome.failed(image, e);
    } catch (RuntimeException e) {
      outcome.failed(
          image,
          new InputException(
              need.source(),
              need.image() + " is not where attempts run and cannot be pulled: " + e.getMessage(),
              e));
    }
  }

  private void pullWithRetries(Checked image) {
    String name = image.need().image();
    PullProgress progress =
        (pulled, layersDone, layersTotal, bytesDone, bytesTotal) ->
            listener.on(
                new WaveEvent.ImagePullProgress(
                    name, layersDone, layersTotal, bytesDone, bytesTotal));
    for (int retry = 0; ; retry++) {
      try {
        backend.pull(image.pullAs(), settings.timeout(), progress);
        return;
      } catch (ImagePullException e) {
        if (e.reason() != ImagePullException.Reason.RATE_LIMITED || retry == RATE_LIMIT_RETRIES) {
          throw e;
        }
        Duration wait = e.retryAfter().orElse(FIRST_BACKOFF.multipliedBy(1L << retry));
        if (wait.compareTo(settings.timeout()) > 0) {
          throw e;
        }
        listener.warn(
            name
                + ": the registry asks to come back later; trying again in "
                + wait.toSeconds()
                + " s ("
                + (retry + 1)
                + " of "
                + RATE_LIMIT_RETRIES
                + ")");
        sleep(wait);
      }
    }
  }

  private PinnedImage pinAfterPull(NeededImage need) {
    LocalImage local =
        backend
            .localImage(need.image())
            .orElseThrow(
                () ->
                    new EngineException(
                        need.image() + " was pulled but the engine does not hold it"));
    return Pinning.of(need, local, !backend.capabilities().placesOnNodes(), listener);
  }

  private void sleep(Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("pulling interrupted");
    }
  }

  /** Stops what is queued and interrupts what is pulling. */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
