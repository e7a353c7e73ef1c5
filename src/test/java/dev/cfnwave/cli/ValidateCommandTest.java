package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.testing.JsonSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate and run --dry-run as parsed and run without an engine: validate still checks the plan (a
 * CI lint step), run --dry-run needs the engine as run does; neither creates anything.
 */
class ValidateCommandTest {

  /** Nothing listens there: the engine does not answer. */
  private static final String NO_ENGINE = "tcp://127.0.0.1:9";

  @TempDir Path folder;

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  private int run(Map<String, String> variables, String... args) {
    Map<String, String> environment = new HashMap<>(variables);
    environment.putIfAbsent("DOCKER_HOST", NO_ENGINE);
    return Main.run(
        new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8),
        environment,
        args);
  }

  private int run(String... args) {
    return run(Map.of(), args);
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  private Path plan(String memory) throws IOException {
    Path plan = folder.resolve("plan.json");
    Files.writeString(
        plan,
        "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"tier\": 1},"
            + " {\"batch_id\": \"b\", \"memory\": \""
            + memory
            + "\"}]}]}");
    return plan;
  }

  @Test
  void withoutAnEngineAValidPlanPassesAndSaysWhatWasNotChecked() throws IOException {
    int code =
        run(
            Map.of("CFN_API_TOKEN", "s3cret"),
            "validate",
            plan("2g").toString(),
            "--runs-dir",
            folder.resolve("runs").toString());

    assertThat(code).as(err()).isZero();
    JsonNode document = JsonSchemas.parse(out());
    JsonSchemas.requireValid(JsonSchemas.RUN_PREVIEW, "validate without an engine", document);
    assertThat(document.at("/engine/reachable").asBoolean()).isFalse();
    assertThat(document.at("/engine/note").asText())
        .isEqualTo("not reachable, budget and images not checked");
    assertThat(document.at("/memory_budget").isNull()).isTrue();
    assertThat(document.at("/start_order")).hasSize(2);
    assertThat(err()).contains("engine: docker, not reachable, budget and images not checked");
    assertThat(out() + err()).doesNotContain("s3cret");
    assertThat(folder.resolve("runs")).doesNotExist();
  }

  @Test
  void withoutAnEngineAGivenBudgetIsStillChecked() throws IOException {
    int code = run("validate", "--wave-plan", plan("2g").toString(), "--memory-budget", "1g");

    assertThat(code).isEqualTo(ExitCodes.INVALID_OR_CRITICAL);
    JsonNode document = JsonSchemas.parse(out());
    JsonSchemas.requireValid(JsonSchemas.RUN_PREVIEW, "validate over budget", document);
    assertThat(document.at("/ready").asBoolean()).isFalse();
    assertThat(document.at("/unfit/0/batch_id").asText()).isEqualTo("b");
    assertThat(document.at("/engine/note").asText()).contains("images not checked");
    assertThat(err()).contains("exceeds the memory budget 1g", "not ready: 1 problem");
  }

  @Test
  void aBrokenPlanIsOneLineAndNoDocument() throws IOException {
    Path plan = folder.resolve("broken.json");
    Files.writeString(plan, "{\"waves\": [{\"wave_number\": 1, \"batches\": []}]}");

    assertThat(run("validate", plan.toString())).isEqualTo(ExitCodes.INVALID_OR_CRITICAL);
    assertThat(out()).isEmpty();
    assertThat(err().strip().lines()).singleElement().asString().contains(plan.toString());
  }

  @Test
  void thePlanIsRequiredAndNamedOnce() throws IOException {
    assertThat(run("validate")).isEqualTo(ExitCodes.INVALID_OR_CRITICAL);
    assertThat(err()).contains("PLAN: required");
    Path plan = plan("1g");

    assertThat(run("validate", plan.toString(), "--wave-plan", "other.json"))
        .isEqualTo(ExitCodes.INVALID_OR_CRITICAL);
    assertThat(err()).contains("--wave-plan other.json: and PLAN " + plan + " differ");
    assertThat(out()).isEmpty();
  }

  @Test
  void theRunOptionsThatShapeThePreviewAreParsedAsForRun() throws IOException {
    int code =
        run(
            Map.of("CFN_PULL", "never", "CFN_BACKFILL_LIMIT", "5"),
            "validate",
            plan("1g").toString(),
            "--schedule",
            "continuous",
            "--waves",
            "1",
            "--memory-budget",
            "4g");

    assertThat(code).as(err()).isZero();
    JsonNode document = JsonSchemas.parse(out());
    assertThat(document.at("/schedule").asText()).isEqualTo("continuous");
    assertThat(document.at("/pull").asText()).isEqualTo("never");
    assertThat(document.at("/backfill_limit_seconds").asDouble()).isEqualTo(5.0);
    assertThat(document.at("/memory_budget/size").asText()).isEqualTo("4g");
    assertThat(document.at("/waves/0/rounds").asInt()).isEqualTo(1);

    assertThat(run("validate", plan("1g").toString(), "--schedule", "sometimes"))
        .isEqualTo(ExitCodes.INVALID_OR_CRITICAL);
  }

  @Test
  void runDryRunNeedsTheEngineAsRunDoesAndCreatesNothing() throws IOException {
    Path runs = folder.resolve("runs");
    int code =
        run(
            "run",
            "--dry-run",
            "--wave-plan",
            plan("1g").toString(),
            "--workspace",
            folder.toString(),
            "--runs-dir",
            runs.toString());

    assertThat(code).isEqualTo(ExitCodes.INVALID_OR_CRITICAL);
    assertThat(out()).isEmpty();
    assertThat(runs).doesNotExist();
  }

  @Test
  void runDryRunPreviewsANewRunOnly() {
    assertThat(run("run", "--dry-run", "--resume", "some-run"))
        .isEqualTo(ExitCodes.INVALID_OR_CRITICAL);
    assertThat(err()).contains("--dry-run: previews a new run, not a --resume");
  }

  @Test
  void dryRunIsAPlainFlagInRunsHelp() {
    assertThat(run("run", "--help")).isZero();
    assertThat(out()).contains("[--dry-run]", "      --dry-run ").doesNotContain("--dry-run[");
  }
}
