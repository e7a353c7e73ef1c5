package dev.cfnwave.engine;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.backend.PullProgress;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON lines of an image pull (POST /images/create) to their end and tells a {@link
 * PullProgress} of the layers seen so far: how many are done ("Pull complete", "Already exists"),
 * and their bytes, counted from "Downloading" lines' progressDetail (a layer whose download
 * completed counts whole). Lines about the image rather than a layer ("Pulling from", "Digest:",
 * "Status:") are not layers. Podman 4.3 sends only "Pulling fs layer" and "Download complete", no
 * bytes; its layers count as done when the stream ends.
 */
final class PullStream {

  private static final Set<String> DONE = Set.of("Pull complete", "Already exists");
  private static final Set<String> DOWNLOADED =
      Set.of("Verifying Checksum", "Download complete", "Extracting", "Pull complete");
  private static final Set<String> LAYER =
      Set.of(
          "Pulling fs layer",
          "Waiting",
          "Downloading",
          "Verifying Checksum",
          "Download complete",
          "Extracting",
          "Pull complete",
          "Already exists");

  private final String image;
  private final PullProgress progress;
  private final Map<String, Layer> layers = new LinkedHashMap<>();
  private long[] told = new long[4];

  private static final class Layer {
    boolean done;
    long bytesDone;
    long bytesTotal;
  }

  PullStream(String image, PullProgress progress) {
    this.image = image;
    this.progress = progress;
  }

  /**
   * Reads to the end of the stream.
   *
   * @return the engine's error when a line reported one (the pull failed), else null
   * @throws IOException when the stream breaks off
   */
  String read(InputStream body, ObjectMapper mapper) throws IOException {
    try (JsonParser parser = mapper.createParser(body)) {
      while (parser.nextToken() != null) {
        JsonNode line = mapper.readTree(parser);
        String error = error(line);
        if (error != null) {
          return error;
        }
        take(line);
      }
    }
    finish();
    return null;
  }

  /** An error line's message ({"errorDetail":{"message":...},"error":...}), else null. */
  static String error(JsonNode line) {
    String detail = line.path("errorDetail").path("message").asText("");
    if (!detail.isEmpty()) {
      return detail;
    }
    String error = line.path("error").asText("");
    return error.isEmpty() ? null : error;
  }

  /** Takes one progress line. */
  void take(JsonNode line) {
    String status = line.path("status").asText("");
    String id = line.path("id").asText("");
    if (id.isEmpty() || !(LAYER.contains(status) || status.startsWith("Retrying"))) {
      return;
    }
    Layer layer = layers.computeIfAbsent(id, k -> new Layer());
    JsonNode detail = line.path("progressDetail");
    if ("Downloading".equals(status)) {
      layer.bytesTotal = Math.max(layer.bytesTotal, detail.path("total").asLong(0));
      layer.bytesDone = Math.max(layer.bytesDone, detail.path("current").asLong(0));
    } else if (DOWNLOADED.contains(status)) {
      layer.bytesTotal = Math.max(layer.bytesTotal, detail.path("total").asLong(0));
      layer.bytesDone = layer.bytesTotal;
    }
    layer.done |= DONE.contains(status);
    tell();
  }

  /** The stream ended without error: every layer seen is there. */
  void finish() {
    for (Layer layer : layers.values()) {
      layer.done = true;
      layer.bytesDone = layer.bytesTotal;
    }
    tell();
  }

  private void tell() {
    long[] now = new long[4];
    now[1] = layers.size();
    for (Layer layer : layers.values()) {
      now[0] += layer.done ? 1 : 0;
      now[2] += Math.min(layer.bytesDone, layer.bytesTotal);
      now[3] += layer.bytesTotal;
    }
    if (Arrays.equals(now, told)) {
      return;
    }
    told = now;
    try {
      progress.update(image, (int) now[0], (int) now[1], now[2], now[3]);
    } catch (RuntimeException e) {
      // Showing progress is not worth ending a pull for.
    }
  }
}
