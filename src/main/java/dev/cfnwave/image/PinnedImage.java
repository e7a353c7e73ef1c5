package dev.cfnwave.image;

import java.util.Objects;

/**
 * What an image as written runs as, fixed once at the start so that a tag pushed during the run
 * changes nothing: {@code runAs} is "repo@sha256:..." for an image with a registry digest, the
 * local image id ("sha256:...") for one built or imported here, or the reference as written where
 * neither can be used (Swarm, an image without a registry digest). {@code imageDigest} is the
 * digest or id it runs (null when the tag was kept); {@code pulled} says this run pulled it and no
 * image was under that name before.
 */
public record PinnedImage(String image, String runAs, String imageDigest, boolean pulled) {

  public PinnedImage {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(runAs, "runAs");
  }

  /** Runs as written, unpinned (images nobody checked: tests, previews). */
  public static PinnedImage asWritten(String image) {
    return new PinnedImage(image, image, null, false);
  }

  PinnedImage pulledNow() {
    return new PinnedImage(image, runAs, imageDigest, true);
  }
}
