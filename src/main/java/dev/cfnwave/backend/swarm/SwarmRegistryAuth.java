package dev.cfnwave.backend.swarm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.backend.ImagePullException;
import dev.cfnwave.engine.RegistryAuth;
import dev.cfnwave.engine.RegistryCredentials;
import dev.cfnwave.event.WaveListener;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * What the docker CLI's {@code service create --with-registry-auth} sends: the credentials for the
 * service image's registry in X-Registry-Auth, which the manager keeps with the service so that the
 * worker a task lands on can pull a private image. Without credentials no header is sent (the
 * worker pulls anonymously, or uses its own copy). Credentials that cannot be read are warned of
 * once and the service goes without them, as an image every node holds needs none.
 *
 * <p>A service update sent without the header keeps the credentials the service has (the engine's
 * default, registryAuthFrom=spec): the scale-down of a stop needs none.
 */
final class SwarmRegistryAuth {

  private final Supplier<RegistryCredentials> credentials;
  private final ObjectMapper mapper;
  private final AtomicBoolean warned = new AtomicBoolean();

  SwarmRegistryAuth(Supplier<RegistryCredentials> credentials, ObjectMapper mapper) {
    this.credentials = credentials;
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
}
