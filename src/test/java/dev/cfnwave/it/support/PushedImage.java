package dev.cfnwave.it.support;

/**
 * An image {@link TestRegistry#push} put in a repository of its own. {@link #close()} deletes its
 * manifest from the registry (by digest, through the API) and the images pulled from it from the
 * engine (by reference); its blobs stay until {@code scripts/ensure-registry.sh purge}, for the
 * registry collects garbage only while it is stopped.
 */
public final class PushedImage implements AutoCloseable {

  private final TestRegistry registry;
  private final String repository;
  private final String tag;
  private final String digest;

  PushedImage(TestRegistry registry, String repository, String tag, String digest) {
    this.registry = registry;
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
  }

  /** cfn-test/it-NAME-RANDOM. */
  public String repository() {
    return repository;
  }

  public String tag() {
    return tag;
  }

  /** The manifest's digest, sha256:... */
  public String digest() {
    return digest;
  }

  /** HOST/REPOSITORY:TAG, as the host engine pulls it. */
  public String reference() {
    return registry.reference(repository + ":" + tag);
  }

  /** RIG_HOST/REPOSITORY:TAG, as the Swarm rig's workers pull it. */
  public String rigReference() {
    return registry.rigReference(repository + ":" + tag);
  }

  @Override
  public void close() {
    var deletion = registry.api("DELETE", repository + "/manifests/" + digest, true);
    TestRegistry.removeLocal(
        reference(),
        registry.reference(repository + "@" + digest),
        rigReference(),
        registry.rigReference(repository + "@" + digest));
    if (deletion.statusCode() != 202 && deletion.statusCode() != 404) {
      throw new IllegalStateException(
          "DELETE of " + repository + "@" + digest + ": " + deletion.statusCode());
    }
  }
}
