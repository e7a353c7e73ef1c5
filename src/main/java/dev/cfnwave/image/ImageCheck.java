package dev.cfnwave.image;

import dev.cfnwave.InputException;
import dev.cfnwave.InputProblems;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.ImagePullException;
import dev.cfnwave.backend.LocalImage;
import dev.cfnwave.backend.RemoteImage;
import dev.cfnwave.event.WaveListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Looks at every image before anything is created, without pulling: is it where attempts run, and
 * if not (or under --pull always), does its registry know it. Every image that cannot be used is
 * one problem naming where it is written; they are refused together.
 */
final class ImageCheck {

  /**
   * One image after the check: what it runs as when that is known already, and what to pull when it
   * must be pulled (with its size when the registry told); presentBefore: an image was under its
   * name before this run; confirmed: present, or its registry said it has it (a digest to pull).
   */
  record Checked(
      NeededImage need,
      PinnedImage pin,
      String pullAs,
      long sizeBytes,
      boolean presentBefore,
      boolean confirmed) {

    boolean toPull() {
      return pullAs != null;
    }
  }

  private final Backend backend;
  private final PullPolicy policy;
  private final WaveListener listener;

  ImageCheck(Backend backend, PullPolicy policy, WaveListener listener) {
    this.backend = backend;
    this.policy = policy;
    this.listener = listener;
  }

  /**
   * @param earlier what an earlier process of the same run pinned, by image key
   * @throws InputException (or {@link InputProblems} for several) naming each image's place
   */
  List<Checked> check(List<NeededImage> needs, Map<String, PinnedImage> earlier) {
    List<InputException> problems = new ArrayList<>();
    List<Checked> checked = new ArrayList<>();
    for (NeededImage need : needs) {
      PinnedImage pinned = earlier.get(need.key());
      try {
        checked.add(pinned != null && isPinned(pinned) ? again(need, pinned) : fresh(need));
      } catch (InputException e) {
        problems.add(e);
      }
    }
    InputProblems.throwIfAny(problems);
    return checked;
  }

  private static boolean isPinned(PinnedImage pin) {
    return !pin.runAs().equals(pin.image());
  }

  private Checked fresh(NeededImage need) {
    Optional<LocalImage> local = backend.localImage(need.image());
    if (local.isPresent() && policy != PullPolicy.ALWAYS) {
      return new Checked(need, pinOf(need, local.get()), null, 0, true, true);
    }
    if (policy == PullPolicy.NEVER) {
      throw new InputException(
          need.source(),
          need.image() + " is not where attempts run, and --pull never forbids pulling it");
    }
    Optional<RemoteImage> remote = lookUp(need);
    return new Checked(
        need,
        null,
        need.reference().explicit(),
        remote.map(RemoteImage::sizeBytes).orElse(0L),
        local.isPresent(),
        remote.isPresent());
  }

  /** --resume: the image the run pinned, pulled again by its digest if it went meanwhile. */
  private Checked again(NeededImage need, PinnedImage pinned) {
    boolean presentBefore = !pinned.pulled();
    if (backend.localImage(pinned.runAs()).isPresent()) {
      return new Checked(need, pinned, null, 0, presentBefore, true);
    }
    boolean byDigest = pinned.runAs().contains("@");
    if (byDigest && policy != PullPolicy.NEVER) {
      return new Checked(need, pinned, pinned.runAs(), 0, presentBefore, true);
    }
    throw new InputException(
        need.source(),
        need.image()
            + " ran as "
            + pinned.runAs()
            + " in this run, which is no longer where attempts run"
            + (byDigest
                ? ", and --pull never forbids pulling it"
                : ", and cannot be pulled (it was built or imported there)"));
  }

  private PinnedImage pinOf(NeededImage need, LocalImage local) {
    return Pinning.of(need, local, !backend.capabilities().placesOnNodes(), listener);
  }

  /** What the registry says; a registry asking to come back later is no reason to refuse. */
  private Optional<RemoteImage> lookUp(NeededImage need) {
    try {
      return backend.remoteImage(need.image());
    } catch (ImagePullException e) {
      if (e.reason() == ImagePullException.Reason.RATE_LIMITED) {
        listener.debug("could not look up " + need.image() + ": " + e.getMessage());
        return Optional.empty();
      }
      throw new InputException(need.source(), e.getMessage());
    }
  }
}
