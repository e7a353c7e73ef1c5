package dev.cfnwave.cli;

import dev.cfnwave.event.WaveEvent.Level;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.preview.PreviewDocument;
import dev.cfnwave.preview.PreviewDocument.Image;
import dev.cfnwave.preview.PreviewDocument.Start;
import dev.cfnwave.preview.PreviewDocument.WaveSummary;
import dev.cfnwave.render.Plural;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Puts a run preview (validate, run --dry-run) on stdout as JSON and, for people, a summary on
 * stderr; its exit code is 0 when the run could proceed, else 2.
 */
final class PreviewOutput {

  /** How many batch ids of a wave's start order the summary names. */
  private static final int NAMED = 8;

  private PreviewOutput() {}

  static int emit(Context context, StderrRenderer renderer, PreviewDocument document, Path output) {
    DocumentOutput.emit(context, document, output);
    summarize(renderer, document);
    return document.ready() ? ExitCodes.OK : ExitCodes.INVALID_OR_CRITICAL;
  }

  private static void summarize(StderrRenderer renderer, PreviewDocument d) {
    int batches = d.waves().stream().mapToInt(WaveSummary::batches).sum();
    renderer.info(
        "plan "
            + d.plan()
            + ": "
            + Plural.of(d.waves().size(), "wave")
            + ", "
            + Plural.of(batches, "batch")
            + (d.taskId() == null ? "" : " (task " + d.taskId() + ")")
            + ", schedule "
            + d.schedule());
    renderer.info(
        "engine: "
            + d.engine().backend()
            + (d.engine().reachable()
                ? d.engine().description() == null ? "" : ", " + d.engine().description()
                : ", " + d.engine().note()));
    if (d.memoryBudget() != null) {
      renderer.info(d.memoryBudget().description());
    }
    for (WaveSummary w : d.waves()) {
      renderer.info(waveLine(w, d.startOrder()));
    }
    d.images().forEach(image -> renderer.info(imageLine(image, d.pull())));
    if (!d.variables().isEmpty()) {
      renderer.info(
          "variables: "
              + d.variables().stream()
                  .map(v -> v.name() + "=" + (v.hidden() ? "(hidden)" : v.value()))
                  .collect(Collectors.joining(", ")));
    }
    d.warnings().forEach(renderer::warn);
    d.problems().forEach(problem -> renderer.line(Level.ERROR, problem));
    if (d.ready()) {
      renderer.info("ready: the run could proceed (" + d.command() + " created nothing)");
    } else {
      renderer.line(
          Level.ERROR,
          "not ready: "
              + Plural.of(d.problems().size(), "problem")
              + " ("
              + d.command()
              + " created nothing)");
    }
  }

  private static String waveLine(WaveSummary w, List<Start> order) {
    List<String> ids =
        order.stream().filter(s -> s.waveNumber() == w.waveNumber()).map(Start::batchId).toList();
    String named =
        ids.stream().limit(NAMED).collect(Collectors.joining(", "))
            + (ids.size() > NAMED ? " and " + (ids.size() - NAMED) + " more" : "");
    return "wave "
        + w.waveNumber()
        + ": "
        + Plural.of(w.batches(), "batch")
        + ", "
        + w.memoryTotal()
        + " in all"
        + (w.peakReservedBytes() == null
            ? ""
            : ", at most "
                + new MemorySize(Math.max(1, w.peakReservedBytes())).humanForm()
                + " reserved at once")
        + (w.rounds() == null ? "" : ", " + Plural.of(w.rounds(), "round"))
        + (w.predictedSeconds() == null ? "" : ", about " + Math.round(w.predictedSeconds()) + " s")
        + (ids.isEmpty() ? "" : "; starts " + named);
  }

  private static String imageLine(Image image, String pull) {
    return "image "
        + image.image()
        + ": "
        + switch (image.action()) {
          case "use" -> "present";
          case "pull" -> "missing, would be pulled";
          case "pull_again" -> "present, would be pulled again (--pull always)";
          case "refused" -> "missing, and --pull " + pull + " forbids pulling it";
          default -> "not checked";
        };
  }
}
