package dev.cfnwave.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** spawn's output: the containers of one wave, as the spec's manifest format has them. */
public record SpawnManifest(
    int waveNumber,
    String spawnedAt,
    List<Entry> containers,
    int totalSpawned,
    String totalMemory) {

  public SpawnManifest {
    containers = List.copyOf(containers);
  }

  /**
   * One batch's container; status is running, failed or dry_run, error only when failed. {@code id}
   * repeats {@code container_id}: the original skill's consumers read {@code .containers[].id}.
   * {@code image} is the image as the user wrote it (Podman's inspect names it fully qualified);
   * {@code image_digest} the registry digest or local image id the container runs, null when not
   * pinned (a dry run that could not look, an image kept by its tag on Swarm).
   */
  @JsonPropertyOrder({"id", "container_id"})
  public record Entry(
      String containerId,
      String containerName,
      String batchId,
      Integer tier,
      String memoryLimit,
      String image,
      String imageDigest,
      String status,
      String startedAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) String error) {

    public static final String RUNNING = "running";
    public static final String FAILED = "failed";
    public static final String DRY_RUN = "dry_run";

    @JsonProperty("id")
    public String id() {
      return containerId;
    }
  }
}
