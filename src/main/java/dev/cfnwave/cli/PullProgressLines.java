package dev.cfnwave.cli;

import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.plan.MemorySize;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/**
 * How an image download reads on stderr, and when a plain (non-terminal) stderr gets a line: the
 * first update of each image, then at most one every {@link #INTERVAL}, so that a CI log shows a
 * multi-gigabyte pull moving without a line per chunk.
 */
final class PullProgressLines {

  static final Duration INTERVAL = Duration.ofSeconds(5);

  private final InstantSource clock;
  private final Map<String, Instant> lastShown = new HashMap<>();

  PullProgressLines(InstantSource clock) {
    this.clock = clock;
  }

  /** Whether a plain line is due for this image now (and then it counts as shown). */
  synchronized boolean due(String image) {
    Instant now = clock.instant();
    Instant last = lastShown.get(image);
    if (last != null && now.isBefore(last.plus(INTERVAL))) {
      return false;
    }
    lastShown.put(image, now);
    return true;
  }

  /** "pulling team/agent:1: 3/7 layers, 120.5MB of 812.0MB". */
  static String text(WaveEvent.ImagePullProgress p) {
    return "pulling "
        + p.image()
        + ": "
        + p.layersDone()
        + "/"
        + p.layersTotal()
        + " layers, "
        + size(p.bytesDone())
        + (p.bytesTotal() > 0 ? " of " + size(p.bytesTotal()) : "");
  }

  /** "pulled team/agent:1 in 12.3 s, runs as team/agent@sha256:...". */
  static String text(WaveEvent.ImagePulled p) {
    return "pulled "
        + p.image()
        + " in "
        + String.format("%.1f", p.took().toMillis() / 1000.0)
        + " s, runs as "
        + p.runAs();
  }

  private static String size(long bytes) {
    return bytes <= 0 ? "0MB" : new MemorySize(bytes).humanForm();
  }
}
