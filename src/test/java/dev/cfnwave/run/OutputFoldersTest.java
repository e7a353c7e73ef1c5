package dev.cfnwave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.MemorySize;
import dev.cfnwave.report.AttemptOutput;
import dev.cfnwave.run.journal.Attempt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFoldersTest {

  @TempDir Path run;

  private static final OutputSettings ON =
      new OutputSettings(true, "/cfn/out", MemorySize.parse("1k"), false);

  private static Attempt attempt(String batchId, int number) {
    Batch batch = new Batch(batchId, 1, MemorySize.parse("512m"), List.of(), "prompt");
    return new Attempt(number, batch, "cfn-wave1-" + number);
  }

  private static AttemptSpec spec() {
    return new AttemptSpec(
        "n", "img", Map.of(), Map.of(), 1 << 20, null, null, ContainerSecurity.DEFAULT);
  }

  @Test
  void eachAttemptGetsItsOwnFolderBoundAtTheTarget() throws IOException {
    OutputFolders folders = new OutputFolders(run, ON, null);

    AttemptSpec first = folders.prepare(spec(), attempt("b1", 1));
    AttemptSpec second = folders.prepare(spec(), attempt("b1", 2));

    assertThat(first.output().source()).isEqualTo(run.resolve("out/b1/1").toAbsolutePath());
    assertThat(first.output().target()).isEqualTo("/cfn/out");
    assertThat(second.output().source()).isEqualTo(run.resolve("out/b1/2").toAbsolutePath());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run.resolve("out"))))
        .isEqualTo("rwx------");
    // The image's user is not known: only the container reaches the folder, through out/.
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(run.resolve("out/b1/1"))))
        .isEqualTo("rwxrwxrwx");
  }

  @Test
  void theFolderOfTheUserRunningCfnWaveIsPrivate() throws IOException {
    Files.createDirectories(run.resolve("probe"));
    int me = (Integer) Files.getAttribute(run.resolve("probe"), "unix:uid");
    OutputFolders folders = new OutputFolders(run, ON, me + ":" + me);

    folders.prepare(spec(), attempt("b1", 1));

    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(run.resolve("out/b1/1"))))
        .isEqualTo("rwx------");
  }

  @Test
  void preparingTwiceKeepsWhatIsThere() throws IOException {
    OutputFolders folders = new OutputFolders(run, ON, null);
    folders.prepare(spec(), attempt("b1", 1));
    Files.writeString(run.resolve("out/b1/1/keep.txt"), "kept");

    folders.prepare(spec(), attempt("b1", 1));

    assertThat(run.resolve("out/b1/1/keep.txt")).hasContent("kept");
  }

  @Test
  void outputsOffLeaveTheSpecAndTheRunFolderAlone() {
    OutputFolders folders = new OutputFolders(run, OutputSettings.NONE, null);

    AttemptSpec same = folders.prepare(spec(), attempt("b1", 1));

    assertThat(same).isEqualTo(spec());
    assertThat(run.resolve("out")).doesNotExist();
  }

  @Test
  void batchIdsBecomeSafeFolderNames() {
    assertThat(OutputFolders.relativePath("b1", 2)).isEqualTo("out/b1/2");
    assertThat(OutputFolders.relativePath("..", 1)).isEqualTo("out/_../1");
    assertThat(OutputFolders.relativePath("a/b", 1)).startsWith("out/a-b-").endsWith("/1");
  }

  @Test
  void numericUsersAndGroupsAreTold() {
    assertThat(OutputFolders.numericPart("1000:1001", 0)).isEqualTo(1000);
    assertThat(OutputFolders.numericPart("1000:1001", 1)).isEqualTo(1001);
    assertThat(OutputFolders.numericPart("1000", 1)).isNull();
    assertThat(OutputFolders.numericPart("agent", 0)).isNull();
    assertThat(OutputFolders.numericPart(null, 0)).isNull();
  }

  @Test
  void collectMeasuresTheFolderAndReadsTheResultFile() throws IOException {
    OutputFolders folders = new OutputFolders(run, ON, null);
    Attempt a = attempt("b1", 1);
    folders.prepare(spec(), a);
    Path folder = run.resolve("out/b1/1");
    Files.createDirectories(folder.resolve("sub"));
    Files.writeString(folder.resolve("sub/patch.diff"), "x".repeat(100));
    Files.writeString(folder.resolve("result.json"), "{\"summary\": \"done\"}");

    AttemptOutput output = folders.collect(a);

    assertThat(output.path()).isEqualTo("out/b1/1");
    assertThat(output.files()).isEqualTo(2);
    assertThat(output.bytes()).isEqualTo(100 + "{\"summary\": \"done\"}".length());
    assertThat(output.summary()).isEqualTo("done");
    assertThat(output.warnings()).isEmpty();
    assertThat(folders.isOverLimit(folders.measure(a))).isFalse();

    Files.writeString(folder.resolve("big"), "x".repeat(1024));
    assertThat(folders.isOverLimit(folders.measure(a))).isTrue();
  }

  @Test
  void aMalformedResultFileIsAWarningOfTheOutput() throws IOException {
    OutputFolders folders = new OutputFolders(run, ON, null);
    Attempt a = attempt("b1", 1);
    folders.prepare(spec(), a);
    Files.writeString(run.resolve("out/b1/1/result.json"), "{\"status\": \"great\"}");

    AttemptOutput output = folders.collect(a);

    assertThat(output.result()).isNull();
    assertThat(output.warnings()).singleElement().asString().startsWith("result.json ignored");
  }

  @Test
  void aLinkIsCountedAsAFileWithoutFollowingIt() throws IOException {
    Path folder = Files.createDirectories(run.resolve("f"));
    Files.writeString(run.resolve("outside"), "x".repeat(5000));
    Files.createSymbolicLink(folder.resolve("link"), run.resolve("outside"));

    assertThat(FolderSize.of(folder)).isEqualTo(new FolderSize(0, 1, 0));
    assertThat(FolderSize.of(run.resolve("missing"))).isEqualTo(FolderSize.EMPTY);
  }
}
