package dev.cfnwave.run;

import dev.cfnwave.report.ResultFileReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Cuts an output folder that grew past its cap down to the cap: the result file is kept first, then
 * the other files in the order they were last written, oldest first (a flood is what came last);
 * the first file that does not fit whole is truncated to the room left, and the rest are removed.
 * Links and sub-folders are left as they are.
 */
final class FolderTrim {

  /** What the cut did; {@code failed} counts files it could not truncate or remove. */
  record Cut(long removed, long truncated, long bytesDropped, long failed) {

    String describe(String cap) {
      return "cut to --output-limit ("
          + cap
          + "): "
          + (truncated > 0 ? truncated + " file truncated, " : "")
          + removed
          + (removed == 1 ? " file" : " files")
          + " removed, "
          + bytesDropped
          + " bytes dropped"
          + (failed > 0 ? "; " + failed + " could not be cut" : "");
    }
  }

  private FolderTrim() {}

  static Cut toCap(Path folder, long capBytes) {
    List<Path> files = filesOldestFirst(folder);
    long room = capBytes;
    long removed = 0;
    long truncated = 0;
    long dropped = 0;
    long failed = 0;
    for (Path file : files) {
      long size;
      try {
        size = Files.size(file);
      } catch (IOException e) {
        failed++;
        continue;
      }
      if (size <= room) {
        room -= size;
        continue;
      }
      try {
        if (room > 0) {
          try (RandomAccessFile cut = new RandomAccessFile(file.toFile(), "rw")) {
            cut.setLength(room);
          }
          truncated++;
          dropped += size - room;
          room = 0;
        } else {
          Files.delete(file);
          removed++;
          dropped += size;
        }
      } catch (IOException e) {
        failed++;
      }
    }
    return new Cut(removed, truncated, dropped, failed);
  }

  /** Regular files under the folder, the result file first, then by last written. */
  private static List<Path> filesOldestFirst(Path folder) {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .forEach(files::add);
    } catch (IOException | java.io.UncheckedIOException e) {
      // What could be listed is cut; the rest stays as it is, said by the folder's size.
    }
    Path result = folder.resolve(ResultFileReader.FILE_NAME);
    files.sort(
        Comparator.comparing((Path p) -> !p.equals(result)).thenComparing(FolderTrim::lastWritten));
    return files;
  }

  private static long lastWritten(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).lastModifiedTime().toMillis();
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }
}
