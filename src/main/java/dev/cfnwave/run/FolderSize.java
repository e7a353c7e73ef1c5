package dev.cfnwave.run;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The size of a folder as a container filled it: the bytes of its files (as their sizes say, so a
 * sparse file counts whole) and how many there are, without following links; {@code unreadable}
 * counts what could not be looked into (a sub-folder the container made private).
 */
record FolderSize(long bytes, long files, long unreadable) {

  static final FolderSize EMPTY = new FolderSize(0, 0, 0);

  /** Measures the folder; one that does not exist is empty. */
  static FolderSize of(Path folder) {
    if (!Files.isDirectory(folder)) {
      return EMPTY;
    }
    long[] counts = new long[3];
    try {
      Files.walkFileTree(
          folder,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (!attrs.isDirectory()) {
                counts[0] += attrs.isRegularFile() ? attrs.size() : 0;
                counts[1]++;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              counts[2]++;
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      counts[2]++;
    }
    return new FolderSize(counts[0], counts[1], counts[2]);
  }
}
