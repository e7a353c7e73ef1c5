package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run's pool options refused before any engine is asked or anything is made. */
class PoolOptionsTest {

  @TempDir Path dir;

  private CliRun run(String pool) throws IOException {
    return run("--pool", pool);
  }

  private CliRun run(String option, String value) throws IOException {
    Path plan = dir.resolve("plan.json");
    Files.writeString(
        plan,
        """
        {"pools": {"llm-api": 4},
         "waves": [{"wave_number": 1,
                    "batches": [{"batch_id": "a", "tier": 1, "uses": ["llm-api"]}]}]}
        """);
    String[] args = {
      "run",
      "--wave-plan",
      plan.toString(),
      "--workspace",
      dir.toString(),
      "--runs-dir",
      dir.resolve("runs").toString(),
      option,
      value
    };
    return CliRun.of(args);
  }

  private void assertOneLineError(CliRun run, String... parts) {
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().toList()).hasSize(1);
    assertThat(run.err()).contains(parts).doesNotContain("Exception");
    assertThat(dir.resolve("runs")).doesNotExist();
  }

  @Test
  void aPoolThePlanDoesNotDeclareIsRefusedNamingThePlansPools() throws IOException {
    assertOneLineError(run("llm=2"), "--pool", "no pool 'llm'", "its pools: llm-api");
  }

  @Test
  void aLimitBelowOneIsRefused() throws IOException {
    assertOneLineError(run("llm-api=0"), "--pool", "llm-api", "at least 1");
  }

  @Test
  void aRateLimitExitCodeOutOfRangeIsRefused() throws IOException {
    assertOneLineError(run("--rate-limit-exit-codes", "256"), "--rate-limit-exit-codes", "256");
  }

  @Test
  void aBadPoolNameIsRefused() throws IOException {
    assertOneLineError(run("LLM API=2"), "--pool", "pool name");
  }
}
