package dev.cfnwave.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanReaderTest {

  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();

  private WavePlan read(Path file) {
    return new PlanReader(TierTable.defaults(), warnings::add).read(file);
  }

  private Path write(String json) throws IOException {
    return Files.writeString(dir.resolve("plan.json"), json, StandardCharsets.UTF_8);
  }

  /** A plan with one wave holding the given batch objects. */
  private Path oneWave(String... batches) throws IOException {
    return write(
        "{\"waves\": [{\"wave_number\": 1, \"batches\": [" + String.join(",", batches) + "]}]}");
  }

  /** A plan with one wave, its wave_number given as raw JSON. */
  private Path waveNumbered(String number) throws IOException {
    return write(
        "{\"waves\": [{\"wave_number\": "
            + number
            + ", \"batches\": [{\"batch_id\": \"a\", \"tier\": 1}]}]}");
  }

  /**
   * Asserts that reading fails with a one-line PlanException naming the file and, right after it,
   * the JSON path.
   */
  private AbstractThrowableAssert<?, ? extends Throwable> assertProblem(Path file, String path) {
    return assertThatThrownBy(() -> read(file))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith(file + ": " + path + ": ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r"));
  }

  // --- valid plans ---

  @Test
  void validPlanParsesEveryField() throws IOException {
    Path file =
        write(
            """
            {
              "task_id": "task-42",
              "waves": [
                {
                  "wave_number": 1,
                  "batch_count": 2,
                  "memory_needed": "1.1GB",
                  "parallelism": 2,
                  "batches": [
                    {
                      "batch_id": "iter1-batch-1",
                      "tier": 1,
                      "memory": "512m",
                      "files": ["src/Button.tsx"],
                      "task_prompt": "Fix TypeScript errors in Button.tsx"
                    },
                    {
                      "batch_id": "iter1-batch-2",
                      "tier": 2,
                      "files": ["a.ts", "b.ts"]
                    }
                  ]
                },
                {
                  "wave_number": 2,
                  "batches": [{"batch_id": "iter2-batch-1", "tier": 4}]
                }
              ]
            }
            """);

    WavePlan plan = read(file);

    assertThat(plan.source()).isEqualTo(file.toString());
    assertThat(plan.task()).contains("task-42");
    assertThat(plan.waves()).extracting(Wave::waveNumber).containsExactly(1, 2);
    Wave first = plan.wave(1);
    assertThat(first.batches())
        .containsExactly(
            new Batch(
                "iter1-batch-1",
                1,
                MemorySize.parse("512m"),
                List.of("src/Button.tsx"),
                "Fix TypeScript errors in Button.tsx"),
            new Batch("iter1-batch-2", 2, MemorySize.parse("600m"), List.of("a.ts", "b.ts"), ""));
    assertThat(first.totalMemory().humanForm()).isEqualTo("1.1GB");
    assertThat(plan.wave(2).batches().get(0).memoryLimit()).isEqualTo(MemorySize.parse("1g"));
    assertThat(warnings).isEmpty();
  }

  @Test
  void planWithoutTaskIdHasNoTask() throws IOException {
    WavePlan plan = read(oneWave("{\"batch_id\": \"a\", \"tier\": 1}"));

    assertThat(plan.task()).isEmpty();
    assertThat(plan.taskId()).isNull();
  }

  @Test
  void missingFilesAndPromptDefaultToEmpty() throws IOException {
    Batch batch = read(oneWave("{\"batch_id\": \"a\", \"tier\": 1}")).wave(1).batches().get(0);

    assertThat(batch.files()).isEmpty();
    assertThat(batch.taskPrompt()).isEmpty();
  }

  @Test
  void nullOptionalFieldsCountAsMissing() throws IOException {
    Batch batch =
        read(oneWave(
                "{\"batch_id\": \"a\", \"tier\": 1, \"memory\": null, \"files\": null,"
                    + " \"task_prompt\": null}"))
            .wave(1)
            .batches()
            .get(0);

    assertThat(batch.memoryLimit()).isEqualTo(MemorySize.parse("512m"));
    assertThat(batch.files()).isEmpty();
  }

  @Test
  void unknownFieldsAreTolerated() throws IOException {
    Path file =
        write(
            """
            {"version": 2, "waves": [{"wave_number": 1, "note": "x",
              "batches": [{"batch_id": "a", "tier": 1, "owner": {"name": "n"}}]}]}
            """);

    assertThat(read(file).wave(1).batches()).hasSize(1);
  }

  @Test
  void memoryLimitComesFromTheTier() throws IOException {
    Batch batch = read(oneWave("{\"batch_id\": \"a\", \"tier\": 3}")).wave(1).batches().get(0);

    assertThat(batch.tierNumber()).contains(3);
    assertThat(batch.memoryLimit()).isEqualTo(MemorySize.parse("800m"));
  }

  @Test
  void tierComesFromTheGivenTable() throws IOException {
    Path file = oneWave("{\"batch_id\": \"a\", \"tier\": 1}");
    TierTable table = TierTable.fromEnvironment(java.util.Map.of("CFN_TIER_1_MEMORY", "256m"));

    WavePlan plan = new PlanReader(table, warnings::add).read(file);

    assertThat(plan.wave(1).batches().get(0).memoryLimit()).isEqualTo(MemorySize.parse("256m"));
  }

  @Test
  void tierWinsOverDisagreeingMemory() throws IOException {
    Path file =
        oneWave(
            "{\"batch_id\": \"a\", \"tier\": 1}",
            "{\"batch_id\": \"b\", \"tier\": 1, \"memory\": \"1g\"}");

    Batch batch = read(file).wave(1).batches().get(1);

    assertThat(batch.memoryLimit()).isEqualTo(MemorySize.parse("512m"));
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .startsWith("$.waves[0].batches[1]: ")
        .contains("'b'", "1g", "512m", "tier wins");
  }

  @Test
  void refusedPlanGivesNoWarningsOnlyItsError() throws IOException {
    Path file =
        oneWave(
            "{\"batch_id\": \"a\", \"tier\": 1, \"memory\": \"2g\"}",
            "{\"batch_id\": \"a\", \"tier\": 1}");

    assertProblem(file, "$.waves[0].batches[1].batch_id");
    assertThat(warnings).isEmpty();
  }

  @Test
  void warningsOfAValidPlanComeInPlanOrder() throws IOException {
    Path file =
        oneWave(
            "{\"batch_id\": \"a\", \"tier\": 1, \"memory\": \"2g\"}",
            "{\"batch_id\": \"b\", \"tier\": 2, \"memory\": \"3g\"}");

    read(file);

    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).startsWith("$.waves[0].batches[0]: batch 'a'");
    assertThat(warnings.get(1)).startsWith("$.waves[0].batches[1]: batch 'b'");
  }

  @Test
  void agreeingMemoryInAnotherSpellingGivesNoWarning() throws IOException {
    read(oneWave("{\"batch_id\": \"a\", \"tier\": 4, \"memory\": \"1024MiB\"}"));

    assertThat(warnings).isEmpty();
  }

  @Test
  void memoryIsUsedWhenThereIsNoTier() throws IOException {
    Batch batch =
        read(oneWave("{\"batch_id\": \"a\", \"memory\": \"700m\"}")).wave(1).batches().get(0);

    assertThat(batch.tierNumber()).isEmpty();
    assertThat(batch.memoryLimit()).isEqualTo(MemorySize.parse("700m"));
    assertThat(warnings).isEmpty();
  }

  @Test
  void memoryBelowTheEnginesMinimumIsRefusedAtItsField() throws IOException {
    assertProblem(
            oneWave("{\"batch_id\": \"a\", \"memory\": \"4m\"}"), "$.waves[0].batches[0].memory")
        .hasMessageContaining("below the engine's minimum of 6m");
  }

  @Test
  void aTierBelowTheEnginesMinimumIsRefusedAtTheTier() throws IOException {
    PlanReader tiny =
        new PlanReader(TierTable.fromEnvironment(Map.of("CFN_TIER_1_MEMORY", "5m")), warnings::add);

    assertThatThrownBy(() -> tiny.read(oneWave("{\"batch_id\": \"a\", \"tier\": 1}")))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("$.waves[0].batches[0].tier")
        .hasMessageContaining("CFN_TIER_1_MEMORY");
  }

  @Test
  void memoryMayBeAWholeNumberOfBytes() throws IOException {
    Batch batch =
        read(oneWave("{\"batch_id\": \"a\", \"memory\": 536870912}")).wave(1).batches().get(0);

    assertThat(batch.memoryLimit()).isEqualTo(MemorySize.parse("512m"));
  }

  @Test
  void waveWhoseMemoryLimitsAddUpPastEightExbibytesIsRefused() throws IOException {
    Path file =
        oneWave(
            "{\"batch_id\": \"a\", \"memory\": \"8388607t\"}",
            "{\"batch_id\": \"b\", \"memory\": \"8388607t\"}");

    assertProblem(file, "$.waves[0].batches").hasMessageContaining("add up to more than");
  }

  @Test
  void largestMemoryLimitAloneIsFine() throws IOException {
    Path file = oneWave("{\"batch_id\": \"a\", \"memory\": \"9223372036854775807\"}");

    assertThat(read(file).wave(1).totalMemory().bytes()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void expectedSecondsMayBeAFraction() throws IOException {
    Batch batch =
        read(oneWave("{\"batch_id\": \"a\", \"tier\": 1, \"expected_seconds\": 2.5}"))
            .wave(1)
            .batches()
            .get(0);

    assertThat(batch.expected()).contains(java.time.Duration.ofMillis(2500));
  }

  @Test
  void expectedSecondsIsOptional() throws IOException {
    Batch batch = read(oneWave("{\"batch_id\": \"a\", \"tier\": 1}")).wave(1).batches().get(0);

    assertThat(batch.expected()).isEmpty();
  }

  @Test
  void expectedSecondsMustBeAPositiveNumber() throws IOException {
    assertProblem(
            oneWave("{\"batch_id\": \"a\", \"tier\": 1, \"expected_seconds\": 0}"),
            "$.waves[0].batches[0].expected_seconds")
        .hasMessageContaining("must be more than 0");
    assertProblem(
            oneWave("{\"batch_id\": \"a\", \"tier\": 1, \"expected_seconds\": \"10\"}"),
            "$.waves[0].batches[0].expected_seconds")
        .hasMessageContaining("must be a number of seconds");
    assertProblem(
            oneWave("{\"batch_id\": \"a\", \"tier\": 1, \"expected_seconds\": 1e300}"),
            "$.waves[0].batches[0].expected_seconds")
        .hasMessageContaining("at most");
  }

  @Test
  void aBatchMayNameItsOwnImage() throws IOException {
    WavePlan plan =
        read(
            oneWave(
                "{\"batch_id\": \"a\", \"tier\": 1, \"image\": \"localhost:5000/team/agent:1\"}",
                "{\"batch_id\": \"b\", \"tier\": 1}"));

    assertThat(plan.waves().get(0).batches())
        .extracting(Batch::image)
        .containsExactly("localhost:5000/team/agent:1", null);
    assertThat(plan.waves().get(0).batches().get(1).imageOr("base:1")).isEqualTo("base:1");
  }

  @Test
  void anImageThatIsNoReferenceIsRefusedAtItsField() throws IOException {
    Path file =
        write(
            "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"tier\": 1},"
                + " {\"batch_id\": \"b\", \"tier\": 1, \"image\": \"Team/Agent:1\"}]}]}");

    assertProblem(file, "$.waves[0].batches[1].image")
        .hasMessageEndingWith("not an image reference: the repository path must be lower-case");
  }

  @Test
  void anImageMustBeAString() throws IOException {
    assertProblem(
            oneWave("{\"batch_id\": \"a\", \"tier\": 1, \"image\": 3}"),
            "$.waves[0].batches[0].image")
        .hasMessageEndingWith("must be an image reference string, found number");
  }

  @Test
  void batchIdOfTwoHundredCharactersIsAccepted() throws IOException {
    String id = "b".repeat(200);

    Batch batch =
        read(oneWave("{\"batch_id\": \"" + id + "\", \"tier\": 1}")).wave(1).batches().get(0);

    assertThat(batch.batchId()).isEqualTo(id);
  }

  @Test
  void batchIdMayHoldCharactersDockerRefusesInNames() throws IOException {
    Batch batch =
        read(oneWave("{\"batch_id\": \"src/a b/ü\", \"tier\": 1}")).wave(1).batches().get(0);

    assertThat(batch.batchId()).isEqualTo("src/a b/ü");
  }

  @Test
  void waveZeroIsAllowed() throws IOException {
    Path file = waveNumbered("0");

    assertThat(read(file).wave(0).batches()).hasSize(1);
  }

  @Test
  void missingWaveIsAPlanExceptionAboutWaves() throws IOException {
    WavePlan plan = read(oneWave("{\"batch_id\": \"a\", \"tier\": 1}"));

    assertThatThrownBy(() -> plan.wave(3))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith(plan.source() + ": $.waves: ")
        .hasMessageContaining("wave_number 3")
        .hasMessageContaining("[1]");
  }

  // --- the file itself ---

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("missing.json");

    assertThatThrownBy(() -> read(missing))
        .isInstanceOf(PlanException.class)
        .hasMessage(missing + ": file not found");
  }

  @Test
  void directoryIsUnreadable() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("plan-dir.json"));

    assertThatThrownBy(() -> read(directory))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith(directory + ": cannot read")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void brokenJsonNamesLineAndColumn() throws IOException {
    Path file = write("{\n  \"waves\": [\n    {\"wave_number\": 1,, }\n  ]\n}\n");

    assertProblem(file, "$").hasMessageContaining("invalid JSON at line 3, column ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x", "}", "{}", "null", "1", "\"s\""})
  void anythingAfterThePlanIsInvalidJson(String after) throws IOException {
    String plan =
        "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"tier\": 1}]}]}";
    Path file = write(plan + "\n" + after);

    assertProblem(file, "$").hasMessageContaining("invalid JSON at line 2, column ");
  }

  @Test
  void twoPlansInOneFileAreInvalidJson() throws IOException {
    String plan =
        "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"tier\": 1}]}]}";
    Path file = write(plan + plan);

    assertProblem(file, "$").hasMessageContaining("invalid JSON at line 1, column ");
  }

  @Test
  void whiteSpaceAfterThePlanIsFine() throws IOException {
    Path file =
        write(
            "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"tier\": 1}]}]}\n\t \n");

    assertThat(read(file).waves()).hasSize(1);
  }

  @Test
  void nestingPastTheParsersLimitIsInvalidJson() throws IOException {
    Path file = write("{\"x\": " + "[".repeat(1200) + "]".repeat(1200) + "}");

    assertProblem(file, "$").hasMessageContaining("invalid JSON: Document nesting depth");
  }

  @Test
  void numberPastTheParsersLimitIsInvalidJson() throws IOException {
    Path file = oneWave("{\"batch_id\": \"a\", \"tier\": " + "9".repeat(1200) + "}");

    assertProblem(file, "$").hasMessageContaining("invalid JSON: Number value length");
  }

  @Test
  void bytesTakenForUtf32AreInvalidJson() throws IOException {
    Path file = Files.write(dir.resolve("plan.json"), new byte[] {0, 0, 0, '{', -1, -1, -1, -1});

    assertProblem(file, "$").hasMessageContaining("invalid JSON: not text");
  }

  @Test
  void brokenPlanTextNamesLineAndColumnAsAFileDoes() {
    assertThatThrownBy(
            () ->
                new PlanReader(TierTable.defaults(), warnings::add).parse("text", "{\"waves\": ["))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith("text: $: invalid JSON at line 1, column 12: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r", "?"));
  }

  /**
   * Every way of breaking a plan's text (cut short anywhere, a stray character anywhere) is said in
   * one plain line: no parser vocabulary such as "[Source: REDACTED
   * (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)]".
   */
  @Test
  void brokenJsonIsDescribedWithoutTheParsersVocabulary() {
    String plan =
        "{\"task_id\": \"t\", \"waves\": [{\"wave_number\": 1, \"batches\": [\n"
            + "  {\"batch_id\": \"a\", \"tier\": 1, \"files\": [\"x\"]}]}]}";
    List<String> broken = new ArrayList<>();
    for (int i = 1; i < plan.length(); i++) {
      broken.add(plan.substring(0, i));
      for (String stray : List.of("}", "]", "\"", ",", ":", "x", "{", "[", "\u0001", "'")) {
        broken.add(plan.substring(0, i) + stray + plan.substring(i));
      }
    }
    int invalid = 0;
    PlanReader reader = new PlanReader(TierTable.defaults(), warnings::add);
    for (String text : broken) {
      try {
        reader.parse("plan.json", text);
      } catch (PlanException e) {
        if (e.getMessage().contains("invalid JSON")) {
          invalid++;
          assertThat(e.getMessage())
              .as(text)
              .startsWith("plan.json: $: invalid JSON at line ")
              .doesNotContain("Source", "REDACTED", "StreamRead", "`", "code ", "CTRL", "\n");
        }
      }
    }
    assertThat(invalid).isGreaterThan(500);
  }

  @Test
  void anArrayLeftOpenIsNamedByWhereItOpened() throws IOException {
    Path file = write("{\"waves\": [1, 2");

    assertProblem(file, "$")
        .hasMessageEndingWith(
            "expected close marker for Array (start marker at line 1, column 11)");
  }

  @Test
  void truncatedJsonIsInvalid() throws IOException {
    Path file = write("{\"waves\": [");

    assertProblem(file, "$").hasMessageContaining("invalid JSON at line 1");
  }

  @Test
  void emptyFileIsInvalid() throws IOException {
    assertProblem(write(""), "$").hasMessageContaining("empty file");
  }

  @Test
  void whitespaceOnlyFileIsInvalid() throws IOException {
    assertProblem(write("  \n\n "), "$").hasMessageContaining("empty file");
  }

  @Test
  void rootMustBeAnObject() throws IOException {
    assertProblem(write("[{\"wave_number\": 1}]"), "$").hasMessageContaining("must be an object");
  }

  @Test
  void duplicateJsonKeysAreRefused() throws IOException {
    Path file =
        write(
            "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"tier\": 1,"
                + " \"tier\": 2}]}]}");

    assertProblem(file, "$").hasMessageContaining("line 1").hasMessageContaining("'tier'");
  }

  // --- waves ---

  @Test
  void wavesMustBePresent() throws IOException {
    assertProblem(write("{\"task_id\": \"t\"}"), "$.waves").hasMessageEndingWith("missing");
  }

  @Test
  void wavesMustBeAnArray() throws IOException {
    assertProblem(write("{\"waves\": {}}"), "$.waves").hasMessageContaining("must be an array");
  }

  @Test
  void wavesMustNotBeEmpty() throws IOException {
    assertProblem(write("{\"waves\": []}"), "$.waves").hasMessageContaining("at least one wave");
  }

  @Test
  void waveMustBeAnObject() throws IOException {
    assertProblem(write("{\"waves\": [1]}"), "$.waves[0]")
        .hasMessageContaining("must be an object");
  }

  @Test
  void waveNumberMustBePresent() throws IOException {
    Path file = write("{\"waves\": [{\"batches\": [{\"batch_id\": \"a\", \"tier\": 1}]}]}");

    assertProblem(file, "$.waves[0].wave_number").hasMessageEndingWith("missing");
  }

  @Test
  void waveNumberMustBeAnInteger() throws IOException {
    Path file = waveNumbered("\"1\"");

    assertProblem(file, "$.waves[0].wave_number").hasMessageContaining("whole number");
  }

  @Test
  void waveNumberMustNotBeAFraction() throws IOException {
    Path file = waveNumbered("1.5");

    assertProblem(file, "$.waves[0].wave_number").hasMessageContaining("whole number");
  }

  @Test
  void waveNumberMustNotBeNegative() throws IOException {
    Path file = waveNumbered("-1");

    assertProblem(file, "$.waves[0].wave_number").hasMessageContaining("at least 0");
  }

  @Test
  void waveNumberMustBeUnique() throws IOException {
    Path file =
        write(
            """
            {"waves": [
              {"wave_number": 1, "batches": [{"batch_id": "a", "tier": 1}]},
              {"wave_number": 1, "batches": [{"batch_id": "b", "tier": 1}]}
            ]}
            """);

    assertProblem(file, "$.waves[1].wave_number")
        .hasMessageContaining("duplicate wave_number 1")
        .hasMessageContaining("$.waves[0]");
  }

  @Test
  void optionalWaveCountsAreChecked() throws IOException {
    Path file =
        write(
            "{\"waves\": [{\"wave_number\": 1, \"parallelism\": \"many\","
                + " \"batches\": [{\"batch_id\": \"a\", \"tier\": 1}]}]}");

    assertProblem(file, "$.waves[0].parallelism").hasMessageContaining("whole number");
  }

  @Test
  void memoryNeededIsChecked() throws IOException {
    Path file =
        write(
            "{\"waves\": [{\"wave_number\": 1, \"memory_needed\": \"lots\","
                + " \"batches\": [{\"batch_id\": \"a\", \"tier\": 1}]}]}");

    assertProblem(file, "$.waves[0].memory_needed").hasMessageContaining("'lots'");
  }

  // --- batches ---

  @Test
  void batchesMustBePresent() throws IOException {
    assertProblem(write("{\"waves\": [{\"wave_number\": 1}]}"), "$.waves[0].batches")
        .hasMessageEndingWith("missing");
  }

  @Test
  void batchesMustNotBeEmpty() throws IOException {
    assertProblem(oneWave(), "$.waves[0].batches").hasMessageContaining("at least one batch");
  }

  @Test
  void batchMustBeAnObject() throws IOException {
    assertProblem(oneWave("{\"batch_id\": \"a\", \"tier\": 1}", "\"b\""), "$.waves[0].batches[1]")
        .hasMessageContaining("must be an object");
  }

  @Test
  void batchIdMustBePresent() throws IOException {
    assertProblem(oneWave("{\"tier\": 1}"), "$.waves[0].batches[0].batch_id")
        .hasMessageEndingWith("missing");
  }

  @Test
  void batchIdMustBeAString() throws IOException {
    assertProblem(oneWave("{\"batch_id\": 7, \"tier\": 1}"), "$.waves[0].batches[0].batch_id")
        .hasMessageContaining("must be a string");
  }

  @Test
  void batchIdMustNotBeEmpty() throws IOException {
    assertProblem(oneWave("{\"batch_id\": \"\", \"tier\": 1}"), "$.waves[0].batches[0].batch_id")
        .hasMessageContaining("must not be empty");
  }

  @Test
  void batchIdMustNotHoldANewline() throws IOException {
    assertProblem(
            oneWave("{\"batch_id\": \"a\\nb\", \"tier\": 1}"), "$.waves[0].batches[0].batch_id")
        .hasMessageContaining("control characters");
  }

  @Test
  void batchIdMustNotHoldNul() throws IOException {
    assertProblem(
            oneWave("{\"batch_id\": \"a\\u0000b\", \"tier\": 1}"), "$.waves[0].batches[0].batch_id")
        .hasMessageContaining("control characters");
  }

  @Test
  void batchIdMustNotExceedTwoHundredCharacters() throws IOException {
    String id = "b".repeat(201);

    assertProblem(
            oneWave("{\"batch_id\": \"" + id + "\", \"tier\": 1}"),
            "$.waves[0].batches[0].batch_id")
        .hasMessageContaining("at most 200 characters, has 201");
  }

  @Test
  void batchIdMustBeUniqueWithinAWave() throws IOException {
    Path file = oneWave("{\"batch_id\": \"a\", \"tier\": 1}", "{\"batch_id\": \"a\", \"tier\": 2}");

    assertProblem(file, "$.waves[0].batches[1].batch_id")
        .hasMessageContaining("duplicate batch_id 'a'")
        .hasMessageContaining("$.waves[0].batches[0]");
  }

  @Test
  void batchIdMustBeUniqueAcrossWaves() throws IOException {
    Path file =
        write(
            """
            {"waves": [
              {"wave_number": 1, "batches": [{"batch_id": "a", "tier": 1}]},
              {"wave_number": 2, "batches": [
                {"batch_id": "b", "tier": 1},
                {"batch_id": "a", "tier": 1}
              ]}
            ]}
            """);

    assertProblem(file, "$.waves[1].batches[1].batch_id")
        .hasMessageContaining("duplicate batch_id 'a'")
        .hasMessageContaining("$.waves[0].batches[0]");
  }

  @Test
  void taskIdFollowsTheIdRule() throws IOException {
    Path file =
        write(
            "{\"task_id\": \"\", \"waves\": [{\"wave_number\": 1, \"batches\":"
                + " [{\"batch_id\": \"a\", \"tier\": 1}]}]}");

    assertProblem(file, "$.task_id").hasMessageContaining("must not be empty");
  }

  @Test
  void tierMustBeANumber() throws IOException {
    assertProblem(oneWave("{\"batch_id\": \"a\", \"tier\": \"one\"}"), "$.waves[0].batches[0].tier")
        .hasMessageContaining("whole number");
  }

  @Test
  void tierMustBeKnown() throws IOException {
    assertProblem(oneWave("{\"batch_id\": \"a\", \"tier\": 9}"), "$.waves[0].batches[0].tier")
        .hasMessageContaining("unknown tier 9")
        .hasMessageContaining("[1, 2, 3, 4]");
  }

  @Test
  void tierMustBeAtLeastOne() throws IOException {
    assertProblem(oneWave("{\"batch_id\": \"a\", \"tier\": 0}"), "$.waves[0].batches[0].tier")
        .hasMessageContaining("at least 1");
  }

  @Test
  void memoryMustBeASize() throws IOException {
    assertProblem(
            oneWave("{\"batch_id\": \"a\", \"memory\": \"lots\"}"), "$.waves[0].batches[0].memory")
        .hasMessageContaining("'lots'");
  }

  @Test
  void memoryMustBePositive() throws IOException {
    assertProblem(
            oneWave(
                "{\"batch_id\": \"a\", \"tier\": 1}", "{\"batch_id\": \"b\", \"memory\": \"0\"}"),
            "$.waves[0].batches[1].memory")
        .hasMessageContaining("'0'");
  }

  @Test
  void memoryIsCheckedEvenWithATier() throws IOException {
    assertProblem(
            oneWave("{\"batch_id\": \"a\", \"tier\": 1, \"memory\": \"lots\"}"),
            "$.waves[0].batches[0].memory")
        .hasMessageContaining("'lots'");
  }

  @Test
  void memoryMustNotBeAnObject() throws IOException {
    assertProblem(
            oneWave("{\"batch_id\": \"a\", \"memory\": {\"mb\": 5}}"),
            "$.waves[0].batches[0].memory")
        .hasMessageContaining("memory size string");
  }

  @Test
  void batchNeedsATierOrAMemory() throws IOException {
    assertProblem(oneWave("{\"batch_id\": \"a\"}"), "$.waves[0].batches[0]")
        .hasMessageContaining("batch 'a' needs a tier or a memory");
  }

  @Test
  void filesMustBeAnArray() throws IOException {
    assertProblem(
            oneWave("{\"batch_id\": \"a\", \"tier\": 1, \"files\": \"a.ts\"}"),
            "$.waves[0].batches[0].files")
        .hasMessageContaining("must be an array of strings");
  }

  @Test
  void filesMustHoldStrings() throws IOException {
    assertProblem(
            oneWave("{\"batch_id\": \"a\", \"tier\": 1, \"files\": [\"a.ts\", 3]}"),
            "$.waves[0].batches[0].files[1]")
        .hasMessageContaining("must be a string");
  }

  @Test
  void taskPromptMustNotHoldNul() throws IOException {
    assertProblem(
            oneWave("{\"batch_id\": \"a\", \"tier\": 1, \"task_prompt\": \"fix\\u0000it\"}"),
            "$.waves[0].batches[0].task_prompt")
        .hasMessageContaining("NUL");
  }

  @Test
  void taskPromptMayHoldNewlines() throws IOException {
    Batch batch =
        read(oneWave("{\"batch_id\": \"a\", \"tier\": 1, \"task_prompt\": \"line 1\\nline 2\"}"))
            .wave(1)
            .batches()
            .get(0);

    assertThat(batch.taskPrompt()).isEqualTo("line 1\nline 2");
  }

  @Test
  void taskPromptMustBeAString() throws IOException {
    assertProblem(
            oneWave("{\"batch_id\": \"a\", \"tier\": 1, \"task_prompt\": [\"x\"]}"),
            "$.waves[0].batches[0].task_prompt")
        .hasMessageContaining("must be a string");
  }

  @Test
  void firstProblemInPlanOrderIsReported() throws IOException {
    Path file = oneWave("{\"batch_id\": \"a\", \"tier\": 9}", "{\"batch_id\": \"\", \"tier\": 1}");

    assertProblem(file, "$.waves[0].batches[0].tier");
  }

  @Test
  void memoryTextWithALineBreakStillGivesOneLine() throws IOException {
    assertProblem(
        oneWave("{\"batch_id\": \"a\", \"memory\": \"5\\n12m\"}"), "$.waves[0].batches[0].memory");
  }
}
