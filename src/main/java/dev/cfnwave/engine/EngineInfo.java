package dev.cfnwave.engine;

/**
 * What the engine says about itself.
 *
 * @param product {@link #DOCKER} or {@link #PODMAN}: Podman's Docker-compatible service names
 *     itself in its version's components, and its version is Podman's own
 */
public record EngineInfo(String product, String version, String apiVersion, long totalMemoryBytes) {

  public static final String DOCKER = "Docker";
  public static final String PODMAN = "Podman";

  /** A Docker engine's. */
  public EngineInfo(String version, String apiVersion, long totalMemoryBytes) {
    this(DOCKER, version, apiVersion, totalMemoryBytes);
  }

  /** "Docker engine 26.1.5 (API 1.45)", "Podman 4.3.1 (Docker API 1.41)". */
  public String describe() {
    return PODMAN.equals(product)
        ? "Podman " + version + " (Docker API " + apiVersion + ")"
        : "Docker engine " + version + " (API " + apiVersion + ")";
  }
}
