package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An output folder past its cap cut down to it: result first, then oldest first. */
class FolderTrimTest {

  @TempDir Path folder;

  private Path file(String name, int bytes, long writtenAtSecond) throws IOException {
    Path file = folder.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[bytes]);
    Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(writtenAtSecond)));
    return file;
  }

  @Test
  void theResultFileAndTheOldestFilesAreKeptTheFirstMisfitIsTruncatedTheRestRemoved()
      throws IOException {
    Path result = file("result.json", 100, 50);
    Path patch = file("fix.patch", 300, 10);
    Path log = file("logs/agent.log", 400, 20);
    Path flood = file("flood.bin", 5000, 30);
    Path late = file("late.txt", 10, 40);

    FolderTrim.Cut cut = FolderTrim.toCap(folder, 1000);

    assertThat(result).hasSize(100);
    assertThat(patch).hasSize(300);
    assertThat(log).hasSize(400);
    assertThat(flood).as("cut to the 200 bytes left").hasSize(200);
    assertThat(late).doesNotExist();
    assertThat(FolderSize.of(folder).bytes()).isEqualTo(1000);
    assertThat(cut).isEqualTo(new FolderTrim.Cut(1, 1, 4800 + 10, 0));
    assertThat(cut.describe("1k"))
        .isEqualTo(
            "cut to --output-limit (1k): 1 file truncated, 1 file removed, 4810 bytes dropped");
  }

  @Test
  void aFolderWithinItsCapIsLeftAsItIs() throws IOException {
    Path only = file("out.txt", 10, 1);

    assertThat(FolderTrim.toCap(folder, 10)).isEqualTo(new FolderTrim.Cut(0, 0, 0, 0));
    assertThat(only).hasSize(10);
  }
}
