package dev.cfnwave.plan;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image reference in the docker CLI's grammar: {@code [host[:port]/]path[:tag][@sha256:hex]},
 * the path lowercase. It lives with the plan because the plan reader checks a batch's {@code image}
 * against it, and the plan imports nothing. {@code domain} is null when the reference names none
 * (Docker Hub); {@code tag} and {@code digest} are null when not written.
 */
public record ImageReference(String domain, String path, String tag, String digest) {

  /** Docker Hub, the registry of a reference that names none. */
  public static final String DEFAULT_DOMAIN = "docker.io";

  private static final int MAX_NAME = 255;
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?:"
              + DOMAIN_COMPONENT
              + "(?:\\."
              + DOMAIN_COMPONENT
              + ")*|\\[[a-fA-F0-9:]+\\])"
              + "(?::[0-9]+)?");
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
  private static final Pattern IMAGE_ID = Pattern.compile("[a-f0-9]{64}");

  public ImageReference {
    Objects.requireNonNull(path, "path");
  }

  /**
   * Reads a reference as the docker CLI does; the first path component is a registry host when it
   * has a dot or a colon, is {@code localhost}, or has an upper-case letter.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static ImageReference parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("must not be empty");
    }
    String rest = text;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        throw new IllegalArgumentException(
            "not an image reference: the digest after @ must be sha256: and 64 lower-case hex"
                + " digits");
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException(
            "not an image reference: the tag must be 1 to 128 letters, digits, _ . or -, not"
                + " beginning with . or -");
      }
    }
    if (rest.length() > MAX_NAME) {
      throw new IllegalArgumentException(
          "not an image reference: the repository name is longer than " + MAX_NAME + " characters");
    }
    String domain = null;
    String path = rest;
    int slash = rest.indexOf('/');
    if (slash >= 0 && namesDomain(rest.substring(0, slash))) {
      domain = rest.substring(0, slash);
      path = rest.substring(slash + 1);
      if (!DOMAIN.matcher(domain).matches()) {
        throw new IllegalArgumentException(
            "not an image reference: what comes before the first / is no registry host[:port]");
      }
    }
    if (domain == null && IMAGE_ID.matcher(path).matches()) {
      throw new IllegalArgumentException(
          "not an image reference: 64 hex digits are an image id, not a repository name");
    }
    for (String component : path.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw new IllegalArgumentException(
            "not an image reference: "
                + (component.equals(component.toLowerCase(java.util.Locale.ROOT))
                    ? "the repository path must be lower-case letters and digits, separated by"
                        + " /, ., _, __ or -"
                    : "the repository path must be lower-case"));
      }
    }
    return new ImageReference(domain, path, tag, digest);
  }

  /** Whether the text is a reference {@link #parse} accepts. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean namesDomain(String first) {
    return first.contains(".")
        || first.contains(":")
        || first.equals("localhost")
        || !first.equals(first.toLowerCase(java.util.Locale.ROOT));
  }

  /** The repository as written: host and path, without tag or digest. */
  public String repository() {
    return domain == null ? path : domain + "/" + path;
  }

  /**
   * The repository as the engine and registries know it: Docker Hub named, and its official images
   * under library/ ("ubuntu" is "docker.io/library/ubuntu").
   */
  public String normalizedRepository() {
    String host = domain == null || domain.equals("index.docker.io") ? DEFAULT_DOMAIN : domain;
    String fullPath = host.equals(DEFAULT_DOMAIN) && !path.contains("/") ? "library/" + path : path;
    return host + "/" + fullPath;
  }

  /**
   * One name per image, so that two ways of writing it count once: the normalized repository with
   * its digest when it has one (the tag then does not matter, as for docker), else with its tag
   * (latest when none).
   */
  public String normalized() {
    return normalizedRepository()
        + (digest != null ? "@" + digest : ":" + (tag == null ? "latest" : tag));
  }

  /**
   * The reference to pull: as written, with "latest" when it names neither tag nor digest (the
   * Engine API would pull every tag), and without the tag when it names a digest.
   */
  public String explicit() {
    return repository() + (digest != null ? "@" + digest : ":" + (tag == null ? "latest" : tag));
  }

  /** This repository at exactly this digest, as written: "host/path@sha256:...". */
  public String withDigest(String manifestDigest) {
    return repository() + "@" + manifestDigest;
  }

  /**
   * Whether the other reference (a registry digest such as "repo@sha256:...") is of this
   * repository.
   */
  public boolean sameRepository(String other) {
    try {
      return parse(other).normalizedRepository().equals(normalizedRepository());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The reference as written. */
  @Override
  public String toString() {
    return repository() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }
}
