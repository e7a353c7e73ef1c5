package dev.cfnwave.backend.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.ImagePullException;
import dev.cfnwave.backend.ImagePullException.Reason;
import dev.cfnwave.backend.RemoteImage;
import dev.cfnwave.engine.MissingImages;
import dev.cfnwave.engine.RegistryAuth;
import dev.cfnwave.engine.RegistryCredentials;
import dev.cfnwave.event.WaveListener;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A service's image on the nodes. Services carry the credentials of their image's registry in
 * X-Registry-Auth, as the docker CLI's {@code service create --with-registry-auth} sends them: the
 * manager keeps them with the service so that the worker a task lands on can pull a private image
 * (none are sent when there are none; a scale-down update sent without them keeps the service's).
 * Credentials that cannot be read are warned of once and services go without them, as images every
 * node holds need none.
 *
 * <p>A worker that cannot pull only logs why, then fails on its missing local copy: the task is
 * rejected with "No such image". The registry's own words are then asked for by the manager, with
 * the same credentials, once per image.
 */
final class SwarmImages {

  private final Supplier<RegistryCredentials> credentials;
  private final Function<String, Optional<RemoteImage>> lookup;
  private final ObjectMapper mapper;
  private final AtomicBoolean warned = new AtomicBoolean();
  private final Map<String, Why> whyNotPulled = new ConcurrentHashMap<>();

  /**
   * The registry's words, and whether they tell the whole story: credentials refused or absent, a
   * rate limit, or an image the manager can get. No such tag, or a refusal that may also mean no
   * such repository (an image built on the manager under a registry's name), keep the advice to
   * copy the image to the nodes.
   */
  private record Why(String words, boolean replacesAdvice) {}

  /**
   * @param lookup what the image's registry says of it, asked through the manager
   */
  SwarmImages(
      Supplier<RegistryCredentials> credentials,
      Function<String, Optional<RemoteImage>> lookup,
      ObjectMapper mapper) {
    this.credentials = credentials;
    this.lookup = lookup;
    this.mapper = mapper;
  }

  /** The headers that carry the image's registry credentials; none when there are none. */
  Map<String, String> headers(String image, WaveListener listener) {
    RegistryAuth auth;
    try {
      auth = credentials.get().forImage(image);
    } catch (ImagePullException | IllegalArgumentException e) {
      if (warned.compareAndSet(false, true)) {
        listener.warn(
            "services are created without registry credentials ("
                + e.getMessage()
                + "): a node that lacks the image can pull it only if its registry allows"
                + " anonymous pulls");
      }
      return Map.of();
    }
    return auth.header(mapper).map(value -> Map.of(RegistryAuth.HEADER, value)).orElse(Map.of());
  }

  /**
   * A task rejected for want of its image, with the registry's words for why the node could not
   * pull it (in place of the advice to copy it there when they settle it); any other status as it
   * is.
   */
  AttemptStatus explain(AttemptStatus status, JsonNode task) {
    if (status.phase() != AttemptPhase.REJECTED
        || task == null
        || !MissingImages.isSaidIn(status.error())) {
      return status;
    }
    String image = task.path("Spec").path("ContainerSpec").path("Image").asText("");
    if (image.isEmpty()) {
      return status;
    }
    Why why = whyNotPulled.computeIfAbsent(image, this::askRegistry);
    if (why == null || why.words().isEmpty()) {
      return status;
    }
    String advice = MissingImages.howToGet(image, SwarmTasks.WHO_NEEDS, "NODE", "the nodes");
    String error =
        why.replacesAdvice()
            ? status.error().replace(advice, "") + " (" + why.words() + ")"
            : status.error().replace(advice, " (" + why.words() + ")" + advice);
    return status.with(
        status.phase(),
        status.state(),
        status.exitCode(),
        status.oomKilled(),
        error,
        status.startedAt(),
        status.node());
  }

  /** Why a node could not pull, as far as the registry tells the manager; null: ask again. */
  private Why askRegistry(String image) {
    try {
      Optional<RemoteImage> found = lookup.apply(image);
      if (found.isEmpty()) {
        return new Why("", false);
      }
      return new Why(
          "the registry serves it to the manager with the credentials from "
              + credentials.get().forImage(image).source()
              + ", yet the node could not pull it: its engine's log says why",
          true);
    } catch (ImagePullException e) {
      boolean whole =
          e.reason() == Reason.RATE_LIMITED
              || (e.reason() == Reason.UNAUTHORIZED
                  && !e.getMessage().contains("no such repository"));
      return new Why("the node could not pull it: " + e.getMessage(), whole);
    } catch (EngineException | IllegalArgumentException e) {
      return null;
    }
  }
}
