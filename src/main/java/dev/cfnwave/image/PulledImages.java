package dev.cfnwave.image;

import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.LocalImage;
import dev.cfnwave.event.WaveListener;
import java.util.List;
import java.util.Optional;

/** --remove-pulled-images: removes, at the end of a run, the images the run pulled. */
public final class PulledImages {

  private PulledImages() {}

  /**
   * Removes each by its image id, as {@code docker rmi ID} does (its tag and digest go with it):
   * only images that no name held before the run, and not one a container still uses (the engine
   * refuses; that is said and the run's outcome stands). Where attempts run on nodes (Swarm), the
   * nodes keep what they pulled: nothing is removed.
   */
  public static void remove(Backend backend, List<PinnedImage> pulled, WaveListener listener) {
    if (backend.capabilities().placesOnNodes()) {
      listener.warn(
          "--remove-pulled-images does nothing on the "
              + backend.name()
              + " backend: its nodes pulled the images and keep them");
      return;
    }
    for (PinnedImage image : pulled) {
      try {
        Optional<LocalImage> local = backend.localImage(image.runAs());
        if (local.isPresent()) {
          backend.removeImage(local.get().id());
          listener.info(
              "removed image " + image.image() + " (" + image.runAs() + "), pulled by this run");
        }
      } catch (EngineException e) {
        listener.warn("could not remove image " + image.image() + ": " + e.getMessage());
      }
    }
  }
}
