package dev.cfnwave.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.InputException;
import dev.cfnwave.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanRewriterTest {

  private static final String PLAN =
      """
      {"task_id": "t", "owner": "kept", "waves": [{"wave_number": 1, "batches": [
        {"batch_id": "big", "tier": 3, "task_prompt": "x", "expected_seconds": 5},
        {"batch_id": "sized", "memory": "700m"},
        {"batch_id": "same", "tier": 1}]}]}
      """;

  @TempDir Path dir;

  @Test
  void changedBatchesGetTheSuggestedTierAndEverythingElseIsKept() throws Exception {
    Path plan = Files.writeString(dir.resolve("plan.json"), PLAN);
    Path out = dir.resolve("right-sized.json");

    int changed =
        PlanRewriter.write(
            plan,
            List.of(
                suggestion("big", 3, 1), suggestion("sized", null, 2), suggestion("same", 1, 1)),
            out);

    assertThat(changed).isEqualTo(2);
    JsonNode batches = Json.MAPPER.readTree(out.toFile()).get("waves").get(0).get("batches");
    assertThat(batches.get(0).get("tier").asInt()).isEqualTo(1);
    assertThat(batches.get(0).get("expected_seconds").asInt()).isEqualTo(5);
    assertThat(batches.get(1).get("tier").asInt()).isEqualTo(2);
    assertThat(batches.get(1).has("memory")).as("a tier overrides it: removed").isFalse();
    assertThat(batches.get(2).get("tier").asInt()).isEqualTo(1);
    assertThat(Json.MAPPER.readTree(out.toFile()).get("owner").asText()).isEqualTo("kept");
    assertThat(Files.readString(plan)).isEqualTo(PLAN);
  }

  @Test
  void anExistingFileIsNeverOverwritten() throws Exception {
    Path plan = Files.writeString(dir.resolve("plan.json"), PLAN);

    assertThatThrownBy(() -> PlanRewriter.write(plan, List.of(suggestion("big", 3, 1)), plan))
        .isInstanceOf(InputException.class)
        .hasMessage("--write-plan " + plan + ": exists: not overwritten");
    assertThat(Files.readString(plan)).isEqualTo(PLAN);
  }

  private static BatchSuggestion suggestion(String id, Integer from, int to) {
    return new BatchSuggestion(
        id, 1, from, null, 1, List.of(), null, null, to, null, "measured", 0, 0, false, 0);
  }
}
