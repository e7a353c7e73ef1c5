package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run's output folder options refused before any engine is asked or anything is made. */
class OutputOptionsTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... extra) throws IOException {
    Path plan = dir.resolve("plan.json");
    Files.writeString(
        plan,
        "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"tier\": 1}]}]}");
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "run",
                "--wave-plan",
                plan.toString(),
                "--workspace",
                dir.toString(),
                "--runs-dir",
                dir.resolve("runs").toString()));
    args.addAll(List.of(extra));
    return Main.run(
        new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8),
        env,
        args.toArray(String[]::new));
  }

  private void assertOneLineError(int exit, String... parts) {
    assertThat(exit).isEqualTo(2);
    assertThat(outBytes.toString(StandardCharsets.UTF_8)).isEmpty();
    List<String> lines = errBytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains(parts).doesNotContain("Exception");
    assertThat(dir.resolve("runs")).doesNotExist();
  }

  @Test
  void swarmWithOutputFoldersAskedForIsRefusedWithOneLine() throws IOException {
    int exit = run(Map.of("CFN_BACKEND", "swarm"), "--outputs", "folder");

    assertOneLineError(exit, "--outputs folder", "swarm", "--outputs none");
  }

  @Test
  void aRelativeOutputPathIsRefused() throws IOException {
    assertOneLineError(run(Map.of(), "--output-path", "cfn/out"), "--output-path cfn/out");
  }

  @Test
  void anOutputPathInsideTheWorkspaceIsRefused() throws IOException {
    assertOneLineError(
        run(Map.of(), "--output-path", "/workspace/out"), "--output-path /workspace/out");
  }

  @Test
  void anUnknownOutputsModeIsRefused() throws IOException {
    assertOneLineError(run(Map.of(), "--outputs", "shared"), "--outputs", "folder or none");
  }

  @Test
  void anOutputLimitThatIsNoSizeIsRefused() throws IOException {
    assertOneLineError(run(Map.of(), "--output-limit", "lots"), "--output-limit");
  }
}
