package dev.cfnwave.image;

import dev.cfnwave.backend.LocalImage;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.ImageReference;

/** Decides what an image as written runs as, from what the engine holds of it. */
final class Pinning {

  private Pinning() {}

  /**
   * Its registry digest when the engine knows one of the same repository, else its local image id
   * where attempts run on the engine that holds it; where they run on other nodes (Swarm), a local
   * id means nothing there, and the tag is kept.
   *
   * @param localIdsWork attempts run on the engine that was asked (Docker), not on other nodes
   */
  static PinnedImage of(
      NeededImage need, LocalImage local, boolean localIdsWork, WaveListener listener) {
    ImageReference reference = need.reference();
    if (reference.digest() != null) {
      return pinned(need, reference.digest());
    }
    for (String repoDigest : local.repoDigests()) {
      int at = repoDigest.indexOf('@');
      if (at > 0 && reference.sameRepository(repoDigest)) {
        return pinned(need, repoDigest.substring(at + 1));
      }
    }
    if (localIdsWork) {
      String id = local.id().startsWith("sha256:") ? local.id() : "sha256:" + local.id();
      return new PinnedImage(need.image(), id, id, false);
    }
    listener.debug(
        need.image()
            + " has no registry digest (built or imported on the manager): the nodes run it by"
            + " its tag, not pinned, as its local id "
            + local.id()
            + " means nothing on other nodes");
    return PinnedImage.asWritten(need.image());
  }

  private static PinnedImage pinned(NeededImage need, String digest) {
    return new PinnedImage(need.image(), need.reference().withDigest(digest), digest, false);
  }
}
