package dev.cfnwave.image;

import dev.cfnwave.ToolFailureException;
import dev.cfnwave.plan.ImageReference;
import dev.cfnwave.plan.PlanException;
import dev.cfnwave.report.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code images.json} in a run folder: what each of the run's images runs as, written as each is
 * pinned and read back by --resume, so that a resumed run runs the same images.
 */
public final class PinsFile {

  public static final String NAME = "images.json";

  /** The file's document. */
  record Document(List<PinnedImage> images) {}

  private PinsFile() {}

  /** The pins of an earlier process of the run, by image key; empty when it pinned none. */
  public static Map<String, PinnedImage> read(Path runDirectory) {
    Path file = runDirectory.resolve(NAME);
    Map<String, PinnedImage> pins = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return pins;
    }
    try {
      Document document = Json.MAPPER.readValue(file.toFile(), Document.class);
      for (PinnedImage pin : document.images()) {
        pins.put(ImageReference.parse(pin.image()).normalized(), pin);
      }
      return pins;
    } catch (IOException | RuntimeException e) {
      throw new PlanException(file.toString(), "cannot read: " + e.getMessage());
    }
  }

  /** Replaces the file; one that cannot be written is a tool failure, as for the journal. */
  static void write(Path runDirectory, Collection<PinnedImage> pins) {
    try {
      Json.writeFile(new Document(List.copyOf(pins)), runDirectory.resolve(NAME));
    } catch (UncheckedIOException e) {
      throw new ToolFailureException(
          "cannot write " + runDirectory.resolve(NAME) + ": " + e.getMessage(), e);
    }
  }
}
