package dev.cfnwave.backend;

import java.util.Objects;

/**
 * What a registry says of an image without pulling it: the digest of its manifest ("sha256:...")
 * and, when the registry tells, the size of that manifest's content in bytes (0 when unknown).
 */
public record RemoteImage(String digest, long sizeBytes) {

  public RemoteImage {
    Objects.requireNonNull(digest, "digest");
  }
}
