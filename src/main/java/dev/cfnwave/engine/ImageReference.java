package dev.cfnwave.engine;

import java.util.Locale;

/**
 * An image reference taken apart as the docker CLI normalises it: the registry it lives in, the
 * repository in that registry, and a tag (default "latest") or a digest. A first path component
 * without '.' or ':' that is not "localhost" (and is lower case) names a repository of Docker Hub,
 * whose official images live under "library/".
 *
 * @param name the reference as written, without tag or digest (what the Engine API's fromImage
 *     takes)
 * @param registry the registry's host[:port], "docker.io" for Docker Hub
 * @param repository the repository's path in that registry
 * @param tag the tag, null when a digest names the image
 * @param digest the digest ("sha256:..."), or null
 */
record ImageReference(String name, String registry, String repository, String tag, String digest) {

  /** Docker Hub's name in references. */
  static final String DOCKER_HUB = "docker.io";

  /** Docker Hub's key in config.json and for credential helpers, as the docker CLI writes it. */
  static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

  private static final String LEGACY_HUB = "index.docker.io";
  private static final String DEFAULT_TAG = "latest";

  static ImageReference parse(String image) {
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("an image reference cannot be empty");
    }
    String rest = image.strip();
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    if (rest.isEmpty() || (digest != null && digest.isEmpty()) || "".equals(tag)) {
      throw new IllegalArgumentException("not an image reference: " + image);
    }
    if (digest == null && tag == null) {
      tag = DEFAULT_TAG;
    }
    String registry = DOCKER_HUB;
    String repository = rest;
    int slash = rest.indexOf('/');
    if (slash > 0 && isRegistry(rest.substring(0, slash))) {
      registry = rest.substring(0, slash);
      repository = rest.substring(slash + 1);
    }
    if (registry.equals(LEGACY_HUB)) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && repository.indexOf('/') < 0) {
      repository = "library/" + repository;
    }
    return new ImageReference(rest, registry, repository, digest != null ? null : tag, digest);
  }

  private static boolean isRegistry(String component) {
    return component.contains(".")
        || component.contains(":")
        || component.equals("localhost")
        || !component.toLowerCase(Locale.ROOT).equals(component);
  }

  boolean isDockerHub() {
    return registry.equals(DOCKER_HUB);
  }

  /** The key of this registry's credentials in config.json and for credential helpers. */
  String credentialsKey() {
    return isDockerHub() ? DOCKER_HUB_KEY : registry;
  }

  /** What the Engine API's pull takes as its tag: the digest when there is one, else the tag. */
  String tagOrDigest() {
    return digest != null ? digest : tag;
  }

  /** The repository as users say it: Docker Hub's official images without "library/". */
  String familiarRepository() {
    return isDockerHub() && repository.startsWith("library/")
        ? repository.substring("library/".length())
        : repository;
  }

  /** The repository with its tag or digest, for messages that name the registry apart. */
  String inRegistry() {
    return familiarRepository() + (digest != null ? "@" + digest : ":" + tag);
  }

  /** The whole reference, registry included: what /distribution looks up. */
  String full() {
    return name + (digest != null ? "@" + digest : ":" + tag);
  }
}
