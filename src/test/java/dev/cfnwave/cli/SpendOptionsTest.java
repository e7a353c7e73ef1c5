package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --max-cost and --max-usage: bad values refused with one line, before anything is made. */
class SpendOptionsTest {

  @TempDir Path dir;

  private CliRun run(String... extra) throws IOException {
    Path plan = dir.resolve("plan.json");
    Files.writeString(
        plan,
        "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"tier\": 1}]}]}");
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--wave-plan",
                plan.toString(),
                "--workspace",
                dir.toString(),
                "--runs-dir",
                dir.resolve("runs").toString()));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  private void assertOneLineError(CliRun run, String... parts) {
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    List<String> lines = run.err().lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains(parts).doesNotContain("Exception");
    assertThat(dir.resolve("runs")).doesNotExist();
  }

  @Test
  void aNegativeCostIsRefused() throws IOException {
    assertOneLineError(run("--max-cost", "-1"), "--max-cost", "must not be negative");
  }

  @Test
  void aCostThatIsNoNumberIsRefused() throws IOException {
    assertOneLineError(run("--max-cost", "5usd"), "--max-cost", "5usd");
  }

  @Test
  void aUsageLimitThatIsNoNumberIsRefused() throws IOException {
    assertOneLineError(
        run("--max-usage", "output_tokens=lots"), "--max-usage output_tokens=lots", "number");
  }

  @Test
  void aUsageLimitWithoutAKeyIsRefused() throws IOException {
    assertOneLineError(run("--max-usage", "2000000"), "--max-usage");
  }

  @Test
  void aUsageKeyThatNoResultFileCanHaveIsRefused() throws IOException {
    assertOneLineError(run("--max-usage", "out tokens=5"), "--max-usage out tokens=5", "key");
  }

  @Test
  void theCostGivenTwiceIsRefused() throws IOException {
    assertOneLineError(
        run("--max-cost", "5", "--max-usage", "cost_usd=4"), "--max-usage cost_usd=4");
  }

  @Test
  void aBadLimitOnResumeIsRefusedBeforeTheRunFolderIsRead() {
    CliRun run =
        CliRun.of("run", "--resume", "nope", "--runs-dir", dir.toString(), "--max-cost", "-0.5");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines().toList()).singleElement().asString().contains("--max-cost");
  }
}
