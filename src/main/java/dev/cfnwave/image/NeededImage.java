package dev.cfnwave.image;

import dev.cfnwave.plan.ImageReference;

/**
 * One distinct image a command runs: as first written, where it is written (an option or a plan's
 * JSON path, for messages), and the first batch in plan order that needs it.
 */
public record NeededImage(
    String image, ImageReference reference, String source, String firstBatchId) {

  /** The image's one name however it is written ({@link ImageReference#normalized}). */
  public String key() {
    return reference.normalized();
  }
}
