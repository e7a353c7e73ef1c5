package dev.cfnwave.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * Writes junit.xml, summary.md and report.html into a run folder, and appends the summary to the
 * GitHub job summary when GITHUB_STEP_SUMMARY names one.
 */
public final class RunFolderReports {

  /** The formats every run folder gets at the end of a run. */
  public static final List<ReportFormat> WRITTEN =
      List.of(ReportFormat.JUNIT, ReportFormat.MARKDOWN, ReportFormat.HTML);

  private RunFolderReports() {}

  public static void write(RunHistory run, Path runDirectory, Map<String, String> environment) {
    for (ReportFormat format : WRITTEN) {
      writeAtomically(format.render(run), runDirectory.resolve(format.fileName()));
    }
    String summary = environment.get("GITHUB_STEP_SUMMARY");
    if (summary != null && !summary.isBlank()) {
      try {
        Files.write(
            Path.of(summary),
            ReportFormat.MARKDOWN.render(run),
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot append to GITHUB_STEP_SUMMARY " + summary + ": " + e.getMessage(), e);
      }
    }
  }

  /** Writes a file so that readers never see half of it. */
  public static void writeAtomically(byte[] content, Path file) {
    try {
      Path target = file.toAbsolutePath();
      Files.createDirectories(target.getParent());
      Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
      try {
        Files.write(partial, content);
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(
            partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
