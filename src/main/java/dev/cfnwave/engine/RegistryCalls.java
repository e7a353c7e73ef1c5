package dev.cfnwave.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request.Method;
import dev.cfnwave.backend.ImagePullException;
import dev.cfnwave.backend.ImagePullException.Reason;
import dev.cfnwave.backend.PullProgress;
import dev.cfnwave.backend.RemoteImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Engine API calls that reach a registry, sent over the raw transport with the registry's
 * credentials in X-Registry-Auth: a pull (POST /images/create) read as a stream to its end, and a
 * lookup of what the registry holds without pulling (GET /distribution/NAME/json). A pull that
 * outlives its time has its stream closed, which also ends it in the engine.
 */
final class RegistryCalls {

  /** How long a lookup may take: a preview should not wait a minute for a silent registry. */
  private static final Duration LOOKUP_LIMIT = Duration.ofSeconds(30);

  private final DockerHttpClient http;
  private final ObjectMapper mapper;
  private final Deadline deadline;
  private final Supplier<RegistryCredentials> registries;
  private final Duration lookupLimit;

  RegistryCalls(
      DockerHttpClient http,
      ObjectMapper mapper,
      Deadline deadline,
      Supplier<RegistryCredentials> registries,
      Duration callLimit) {
    this.http = http;
    this.mapper = mapper;
    this.deadline = deadline;
    this.registries = registries;
    this.lookupLimit = LOOKUP_LIMIT.compareTo(callLimit) < 0 ? LOOKUP_LIMIT : callLimit;
  }

  /**
   * Pulls the image within {@code timeout}, telling {@code progress} as layers arrive.
   *
   * @throws ImagePullException saying why in one sentence
   */
  void pull(String image, Duration timeout, PullProgress progress) {
    ImageReference ref = reference(image);
    Pull pull = new Pull(image, ref, registries.get().forRegistry(ref.credentialsKey()), progress);
    try {
      deadline.call("pull " + image, timeout, pull::run);
    } catch (EngineTimeoutException e) {
      pull.abort();
      throw PullFailures.timedOut(ref, timeout);
    }
  }

  /**
   * What the registry says of the image: empty when the engine cannot ask (Podman 4.3 lacks the
   * call) or the registry does not answer in time or at all.
   *
   * @throws ImagePullException when the registry refuses the credentials, has no such image or
   *     limits the rate
   */
  Optional<RemoteImage> remote(String image) {
    ImageReference ref = reference(image);
    RegistryAuth auth = registries.get().forRegistry(ref.credentialsKey());
    try {
      return deadline.call(
          "look up " + image + " in its registry", lookupLimit, () -> lookup(ref, auth));
    } catch (EngineTimeoutException e) {
      return Optional.empty();
    }
  }

  private Optional<RemoteImage> lookup(ImageReference ref, RegistryAuth auth) throws IOException {
    String path =
        "/distribution/"
            + URLEncoder.encode(ref.full(), StandardCharsets.UTF_8)
                .replace("%2F", "/")
                .replace("%3A", ":")
                .replace("%40", "@")
            + "/json";
    try (var answer = http.execute(request(Method.GET, path, auth));
        InputStream body = answer.getBody()) {
      int status = answer.getStatusCode();
      if (status == 200) {
        JsonNode descriptor = mapper.readTree(body).path("Descriptor");
        String digest = descriptor.path("digest").asText("");
        return digest.isEmpty()
            ? Optional.empty()
            : Optional.of(new RemoteImage(digest, descriptor.path("size").asLong(0)));
      }
      String message = message(body);
      if ((status == 404 || status == 501) && !spokeOfRegistry(message)) {
        return Optional.empty();
      }
      ImagePullException failure =
          PullFailures.classify(message, status, answer.getHeader("Retry-After"), ref, auth);
      return switch (failure.reason()) {
        case UNAUTHORIZED, NOT_FOUND, RATE_LIMITED -> throw failure;
        default -> Optional.empty();
      };
    }
  }

  /** A 404 from a registry has its words; one from an engine without the route does not. */
  private static boolean spokeOfRegistry(String message) {
    String text = message.strip();
    return !text.isEmpty()
        && !text.equalsIgnoreCase("not found")
        && !text.equalsIgnoreCase("page not found");
  }

  private DockerHttpClient.Request request(Method method, String path, RegistryAuth auth) {
    var request = DockerHttpClient.Request.builder().method(method).path(path);
    auth.header(mapper).ifPresent(value -> request.putHeader(RegistryAuth.HEADER, value));
    return request.build();
  }

  private static ImageReference reference(String image) {
    try {
      return ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      throw new ImagePullException(Reason.OTHER, e.getMessage());
    }
  }

  private String message(InputStream body) {
    try {
      JsonNode error = body == null ? null : mapper.readTree(body);
      return error == null ? "" : error.path("message").asText("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** One pull: its answer is held so that a pull past its time can be closed from outside. */
  private final class Pull {
    private final String image;
    private final ImageReference ref;
    private final RegistryAuth auth;
    private final PullProgress progress;
    private volatile DockerHttpClient.Response response;
    private volatile boolean aborted;

    Pull(String image, ImageReference ref, RegistryAuth auth, PullProgress progress) {
      this.image = image;
      this.ref = ref;
      this.auth = auth;
      this.progress = progress;
    }

    Void run() throws IOException {
      String path =
          "/images/create?fromImage="
              + URLEncoder.encode(ref.name(), StandardCharsets.UTF_8)
              + "&tag="
              + URLEncoder.encode(ref.tagOrDigest(), StandardCharsets.UTF_8);
      DockerHttpClient.Response answer = http.execute(request(Method.POST, path, auth));
      response = answer;
      if (aborted) {
        answer.close();
        return null;
      }
      try (answer;
          InputStream body = answer.getBody()) {
        int status = answer.getStatusCode();
        if (status / 100 != 2) {
          throw PullFailures.classify(
              message(body), status, answer.getHeader("Retry-After"), ref, auth);
        }
        String error = new PullStream(image, progress).read(body, mapper);
        if (error != null) {
          throw PullFailures.classify(error, 0, null, ref, auth);
        }
      }
      return null;
    }

    void abort() {
      aborted = true;
      DockerHttpClient.Response open = response;
      if (open != null) {
        open.close();
      }
    }
  }
}
