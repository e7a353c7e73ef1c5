package dev.cfnwave.run;

import dev.cfnwave.attempt.ContainerNaming;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.report.AttemptOutput;
import dev.cfnwave.report.ResultFileReader;
import dev.cfnwave.run.journal.Attempt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Each attempt's output folder, RUN_FOLDER/out/BATCH/ATTEMPT/: made before its launch, writable by
 * the container's user, measured while it runs and read (size, result file) when it ends. out/ and
 * the batch folders are private to the user running cfn-wave; an attempt's own folder is owned by
 * the container's user when --user names a numeric one that cfn-wave may hand it to (it runs as
 * root, or as that user), else open to all: only the container reaches it, through its bind mount.
 */
final class OutputFolders {

  /** The run folder's sub-folder that holds them. */
  static final String DIRECTORY = "out";

  private static final Set<PosixFilePermission> PRIVATE =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OPEN = PosixFilePermissions.fromString("rwxrwxrwx");

  private final Path runDirectory;
  private final OutputSettings settings;
  private final String user;

  /**
   * @param user the containers' --user (UID, UID:GID or a name), null for the image's own
   */
  OutputFolders(Path runDirectory, OutputSettings settings, String user) {
    this.runDirectory = runDirectory;
    this.settings = settings;
    this.user = user;
  }

  boolean enabled() {
    return settings.enabled();
  }

  /** The attempt's folder, relative to the run folder: out/BATCH/ATTEMPT. */
  static String relativePath(String batchId, int attempt) {
    String batch = ContainerNaming.safe(batchId);
    if (batch.chars().allMatch(c -> c == '.')) {
      batch = "_" + batch; // "." and ".." are not folder names of their own
    }
    return DIRECTORY + "/" + batch + "/" + attempt;
  }

  Path folderOf(Attempt attempt) {
    return runDirectory.resolve(relativePath(attempt.batch.batchId(), attempt.number));
  }

  /** The spec with the attempt's folder made and bound in; unchanged when outputs are off. */
  AttemptSpec prepare(AttemptSpec spec, Attempt attempt) {
    if (!settings.enabled()) {
      return spec;
    }
    Path folder = folderOf(attempt);
    try {
      makePrivate(runDirectory.resolve(DIRECTORY));
      makePrivate(folder.getParent());
      Files.createDirectories(folder);
      handToContainerUser(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("could not make the output folder " + folder, e);
    }
    return spec.withOutput(new AttemptSpec.Mount(folder.toAbsolutePath(), settings.target()));
  }

  /** How much the attempt's folder holds now. */
  FolderSize measure(Attempt attempt) {
    return FolderSize.of(folderOf(attempt));
  }

  boolean isOverLimit(FolderSize size) {
    return size.bytes() > settings.limit().bytes();
  }

  /**
   * An ended attempt's output as kept: a folder over --output-limit cut down to it ({@link
   * FolderTrim}), said in a warning; any other as it is.
   */
  AttemptOutput cutToLimit(Attempt attempt, AttemptOutput output) {
    long cap = settings.limit().bytes();
    if (output == null || output.bytes() <= cap) {
      return output;
    }
    Path folder = folderOf(attempt);
    FolderTrim.Cut cut = FolderTrim.toCap(folder, cap);
    FolderSize kept = FolderSize.of(folder);
    List<String> warnings = new ArrayList<>(output.warnings());
    warnings.add(cut.describe(settings.limit().dockerForm()));
    return new AttemptOutput(output.path(), kept.bytes(), kept.files(), output.result(), warnings);
  }

  /** What the ended attempt left: the folder's size and its result file, with any warnings. */
  AttemptOutput collect(Attempt attempt) {
    Path folder = folderOf(attempt);
    FolderSize size = FolderSize.of(folder);
    ResultFileReader.Read read = ResultFileReader.readIn(folder);
    List<String> warnings = new ArrayList<>();
    if (read.warning() != null) {
      warnings.add(read.warning());
    }
    if (size.unreadable() > 0) {
      warnings.add(
          size.unreadable() + " entries of the output folder could not be read: not counted");
    }
    return new AttemptOutput(
        relativePath(attempt.batch.batchId(), attempt.number),
        size.bytes(),
        size.files(),
        read.result(),
        warnings);
  }

  private static void makePrivate(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(folder);
      Files.setPosixFilePermissions(folder, PRIVATE);
    }
  }

  /**
   * Owned by a numeric --user when it may be handed over, and private then; else open to all (the
   * image's user is not known here, and a name means nothing outside the container).
   */
  private void handToContainerUser(Path folder) throws IOException {
    Integer uid = numericPart(user, 0);
    if (uid != null) {
      Integer gid = numericPart(user, 1);
      try {
        if (!uid.equals(Files.getAttribute(folder, "unix:uid"))) {
          Files.setAttribute(folder, "unix:uid", uid);
        }
        if (gid != null && !gid.equals(Files.getAttribute(folder, "unix:gid"))) {
          Files.setAttribute(folder, "unix:gid", gid);
        }
        Files.setPosixFilePermissions(folder, PRIVATE);
        return;
      } catch (IOException | UnsupportedOperationException e) {
        // not root: fall through to open
      }
    }
    Files.setPosixFilePermissions(folder, OPEN);
  }

  /** Part {@code index} of UID:GID when it is a number, else null. */
  static Integer numericPart(String user, int index) {
    if (user == null) {
      return null;
    }
    String[] parts = user.split(":", -1);
    if (index >= parts.length || !parts[index].matches("[0-9]{1,9}")) {
      return null;
    }
    return Integer.valueOf(parts[index]);
  }
}
