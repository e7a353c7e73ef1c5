package dev.cfnwave.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.plan.JsonDocuments;
import dev.cfnwave.plan.PlanException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a container manifest: spawn's own output, or any JSON whose "containers" entries carry a
 * container_id. Entries of batches that failed to spawn (status failed, no id) are kept too.
 */
public final class ManifestReader {

  private ManifestReader() {}

  /** One container of a manifest; every field but the id may be missing. */
  public record Container(
      String containerId, String containerName, String batchId, String startedAt, String error) {}

  /** The manifest's wave number (if any) and its containers in order. */
  public record Manifest(Integer waveNumber, List<Container> containers) {}

  public static Manifest read(Path file) {
    String source = file.toString();
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new PlanException(source, "file not found");
    } catch (IOException e) {
      throw new PlanException(source, "cannot read: " + e.getMessage());
    }
    JsonNode root = JsonDocuments.readTree(Json.MAPPER, source, content);
    if (root == null || !root.isObject()) {
      throw new PlanException(source + ": $", "must be an object with a containers array");
    }
    JsonNode containers = root.get("containers");
    if (containers == null || !containers.isArray()) {
      throw new PlanException(source + ": $.containers", "missing or not an array");
    }
    List<Container> result = new ArrayList<>();
    for (int i = 0; i < containers.size(); i++) {
      String path = "$.containers[" + i + "]";
      JsonNode entry = containers.get(i);
      if (!entry.isObject()) {
        throw new PlanException(source + ": " + path, "must be an object");
      }
      String id = text(source, path, entry, "container_id");
      String error = text(source, path, entry, "error");
      boolean failedSpawn = "failed".equals(text(source, path, entry, "status"));
      if (id == null && !failedSpawn) {
        throw new PlanException(source + ": " + path + ".container_id", "missing");
      }
      result.add(
          new Container(
              id,
              text(source, path, entry, "container_name"),
              text(source, path, entry, "batch_id"),
              text(source, path, entry, "started_at"),
              failedSpawn && error == null ? "failed to spawn" : error));
    }
    JsonNode wave = root.get("wave_number");
    return new Manifest(wave != null && wave.canConvertToInt() ? wave.intValue() : null, result);
  }

  private static String text(String source, String path, JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new PlanException(source + ": " + path + "." + field, "must be a string");
    }
    return value.textValue().isEmpty() ? null : value.textValue();
  }
}
