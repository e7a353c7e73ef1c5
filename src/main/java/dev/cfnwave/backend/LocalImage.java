package dev.cfnwave.backend;

import java.util.List;
import java.util.Objects;

/**
 * An image as the backend holds it where attempts run: its id ("sha256:..."), the registry digests
 * it is known by ("registry/repo@sha256:...", empty for an image built or imported here) and its
 * size in bytes.
 */
public record LocalImage(String id, List<String> repoDigests, long sizeBytes) {

  public LocalImage {
    Objects.requireNonNull(id, "id");
    repoDigests = List.copyOf(repoDigests);
  }
}
