package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.it.support.RunTestSupport;
import dev.cfnwave.testing.JsonSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Peak memory on the real engine: a run whose tier is deliberately oversized records each attempt's
 * peak (above what it allocated, below its limit), and tiers suggest proposes a smaller tier,
 * writes the plan with it and predicts a shorter makespan.
 */
class PeakMemoryIT extends RunTestSupport {

  private static final long MIB = 1L << 20;

  /** dd holds one 32 MiB buffer, then the container lives on so that a sample sees its peak. */
  private static final String HOG = "dd if=/dev/zero bs=32M count=1 of=/dev/null; sleep 2";

  @Test
  void anOversizedTierRecordsPeaksBelowTheLimitAndIsSuggestedSmaller() throws Exception {
    environment.put("CFN_TIER_1_MEMORY", "64m");
    environment.put("CFN_TIER_2_MEMORY", "256m");
    Path plan =
        plan(planJson("t", wave(1, batch("h1", 2, HOG), batch("h2", 2, HOG), batch("h3", 2, HOG))));

    CliRun run = run(plan, "--memory-budget", "512m");

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    for (String id : List.of("h1", "h2", "h3")) {
      JsonNode attempt = byBatch(run.json(), id).get("attempts").get(0);
      assertThat(attempt.get("peak_memory_bytes").asLong())
          .as(id + ": at least the 32 MiB it allocated, below its 256m limit")
          .isGreaterThanOrEqualTo(32 * MIB)
          .isLessThan(256 * MIB);
    }
    assertThat(journal("attempt_ended"))
        .allSatisfy(e -> assertThat(e.get("peak_memory_bytes").asLong()).isGreaterThan(32 * MIB));
    assertThat(containersOfThisRun()).isEmpty();

    Path written = temp.resolve("right-sized.json");
    CliRun suggest =
        cfnWave(
            "tiers",
            "suggest",
            runFolder(runId).toString(),
            "--what-if",
            "--write-plan",
            written.toString());

    assertThat(suggest.exitCode()).as(suggest.err() + suggest.out()).isZero();
    JsonNode document = suggest.json();
    JsonSchemas.requireValid(JsonSchemas.TIERS_SUGGESTION, "tiers suggest's output", document);
    for (JsonNode b : document.get("suggestions").get("batches")) {
      assertThat(b.get("current_tier").asInt()).isEqualTo(2);
      assertThat(b.get("suggested_tier").asInt()).as(b.toString()).isEqualTo(1);
      assertThat(b.get("reason").asText()).isEqualTo("measured");
      assertThat(b.get("near_misses").asInt()).isZero();
    }
    assertThat(document.get("suggestions").get("wasted_gib_hours").asDouble()).isPositive();
    JsonNode whatIf = document.get("what_if");
    // 256m each in 512m: two rounds; 64m each: one.
    assertThat(whatIf.get("predicted_seconds").asDouble())
        .isLessThan(whatIf.get("replayed_as_run_seconds").asDouble());
    assertThat(suggest.err()).contains("what-if", "h1");
    JsonNode rewritten = read(written);
    assertThat(rewritten.get("waves").get(0).get("batches"))
        .allSatisfy(b -> assertThat(b.get("tier").asInt()).isEqualTo(1));
    assertThat(Files.readString(plan)).contains("\"tier\": 2");
  }
}
