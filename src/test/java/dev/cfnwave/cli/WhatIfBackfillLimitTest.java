package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.run.journal.RunFolder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tiers suggest --what-if replays with the --backfill-limit the run was invoked with. */
class WhatIfBackfillLimitTest {

  @TempDir Path temp;

  private final PrintStream sink = new PrintStream(new ByteArrayOutputStream());
  private final Context context = new Context(sink, sink, Map.of("CFN_BACKFILL_LIMIT", "30"));

  private Path runFolder(String name, List<String> args, Map<String, String> environment)
      throws Exception {
    Path plan = Files.writeString(temp.resolve(name + ".json"), "{}");
    Path folder = temp.resolve(name);
    RunFolder.create(folder, plan, args, environment);
    return folder;
  }

  @Test
  void theRunsOwnFlagOrVariableWinsOverThisProcesssVariable() throws Exception {
    Path flag =
        runFolder(
            "flag", List.of("run", "--wave-plan", "p.json", "--backfill-limit", "7"), Map.of());
    Path variable =
        runFolder(
            "variable", List.of("run", "--wave-plan", "p.json"), Map.of("CFN_BACKFILL_LIMIT", "0"));

    assertThat(RunResumption.backfillLimitOf(context, flag)).isEqualTo(Duration.ofSeconds(7));
    assertThat(RunResumption.backfillLimitOf(context, variable)).isZero();
  }

  @Test
  void aRunThatSetNeitherRanWithTheDefaultWhateverThisProcessSays() throws Exception {
    Path neither = runFolder("neither", List.of("run", "--wave-plan", "p.json"), Map.of());
    Path unknown = runFolder("unknown", List.of(), Map.of());

    assertThat(RunResumption.backfillLimitOf(context, neither)).isEqualTo(Duration.ofSeconds(60));
    assertThat(RunResumption.backfillLimitOf(context, unknown)).isEqualTo(Duration.ofSeconds(60));
  }
}
