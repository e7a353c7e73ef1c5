package dev.cfnwave.preview;

import dev.cfnwave.backend.Backend;
import dev.cfnwave.image.NeededImage;
import dev.cfnwave.image.PullPolicy;
import dev.cfnwave.preview.PreviewDocument.Image;
import java.util.List;
import java.util.function.Consumer;

/**
 * Which of a run's images are where attempts run, asked of the backend's local images only: no
 * registry is asked and nothing is pulled. Under --pull never a missing image is a problem, named
 * where it is written, as the run would refuse it.
 */
final class ImagePresence {

  private ImagePresence() {}

  /**
   * @param backend null when the engine was not reached: every image is unchecked
   * @param problems told of each image the run would refuse
   */
  static List<Image> check(
      List<NeededImage> needs, Backend backend, PullPolicy policy, Consumer<String> problems) {
    return needs.stream().map(need -> check(need, backend, policy, problems)).toList();
  }

  private static Image check(
      NeededImage need, Backend backend, PullPolicy policy, Consumer<String> problems) {
    if (backend == null) {
      return image(need, null, "unchecked");
    }
    boolean present = backend.localImage(need.image()).isPresent();
    String action;
    if (present) {
      action = policy == PullPolicy.ALWAYS ? "pull_again" : "use";
    } else if (policy == PullPolicy.NEVER) {
      action = "refused";
      problems.accept(
          need.source()
              + ": "
              + need.image()
              + " is not where attempts run, and --pull never forbids pulling it");
    } else {
      action = "pull";
    }
    return image(need, present, action);
  }

  private static Image image(NeededImage need, Boolean present, String action) {
    return new Image(need.image(), need.source(), need.firstBatchId(), present, action);
  }
}
