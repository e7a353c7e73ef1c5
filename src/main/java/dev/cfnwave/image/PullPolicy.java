package dev.cfnwave.image;

/** When an image is fetched from its registry: the docker CLI's {@code --pull}. */
public enum PullPolicy {
  /** Only when it is not where attempts run (the default). */
  MISSING,
  /** Once per run even when present, so that the run gets the registry's image for the tag. */
  ALWAYS,
  /** Never: an image that is not present is an error. */
  NEVER
}
