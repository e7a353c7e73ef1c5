package dev.cfnwave.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.testing.PlanGenerator;
import dev.cfnwave.testing.PlanGenerator.ExpectedBatch;
import dev.cfnwave.testing.PlanGenerator.ExpectedWave;
import dev.cfnwave.testing.PlanGenerator.GeneratedPlan;
import dev.cfnwave.testing.PlanMutator;
import dev.cfnwave.testing.PlanMutator.Mutant;
import dev.cfnwave.testing.Tries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Properties of reading plans: every valid plan reads as what it says, and every broken plan either
 * reads or is refused with one line naming the JSON path (or, for broken JSON, line and column).
 */
class PlanPropertiesTest {

  private static final int TRIES = 1000;

  /** A problem's place and what is wrong there: "$.waves[0].batches[1].batch_id: missing". */
  private static final Pattern PROBLEM =
      Pattern.compile("(\\$(?:\\.[a-z_]+|\\[\\d+])*): (.+)", Pattern.DOTALL);

  private static final Pattern STEP = Pattern.compile("\\.[a-z_]+|\\[\\d+]");

  private static final Pattern SYNTAX =
      Pattern.compile("invalid JSON at line \\d+, column \\d+: .+");

  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();
  private final PlanReader reader = new PlanReader(TierTable.defaults(), warnings::add);
  private int refused;
  private int accepted;

  private record Written(GeneratedPlan plan, boolean pretty) {}

  @Test
  void validPlansReadAsWhatTheySay() {
    Tries.forAll(
        0x5eed_0001L,
        TRIES,
        r -> new Written(PlanGenerator.plan(r), r.nextBoolean()),
        written -> {
          warnings.clear();
          String text = written.plan().text(written.pretty());

          assertSame(reader.parse("generated", text), written.plan());
          assertSame(reader.read(file(text.getBytes(StandardCharsets.UTF_8))), written.plan());
          assertThat(warnings).allSatisfy(w -> assertThat(w).doesNotContainPattern("\\p{Cntrl}"));
        });
  }

  @Test
  void brokenPlansReadOrNameThePlace() {
    Tries.forAll(
        0x5eed_0002L,
        TRIES,
        r -> PlanMutator.mutate(r, PlanGenerator.plan(r)),
        mutant -> {
          if (mutant.text()) {
            readsOrNamesThePlace(
                "generated", () -> reader.parse("generated", mutant.asText()), mutant);
          }
          Path file = file(mutant.bytes());
          readsOrNamesThePlace(file.toString(), () -> reader.read(file), mutant);
        });
    // the mutations must reach both outcomes, or the property says little
    assertThat(refused).isGreaterThan(TRIES / 2);
    assertThat(accepted).isGreaterThan(TRIES / 20);
  }

  private void readsOrNamesThePlace(String source, Supplier<WavePlan> read, Mutant mutant) {
    warnings.clear();
    try {
      // what reads must be usable: spawn reports each wave's total memory
      read.get().waves().forEach(Wave::totalMemory);
    } catch (PlanException e) {
      namesThePlace(source, e.getMessage(), mutant);
      assertThat(warnings).as("a refused plan is one line: no warnings").isEmpty();
      refused++;
      return;
    } catch (RuntimeException | Error e) {
      fail("expected a PlanException or a plan, got " + e, e);
    }
    assertThat(mutant.refused()).as("read, but it must be refused").isFalse();
    accepted++;
  }

  private static void namesThePlace(String source, String message, Mutant mutant) {
    assertThat(message).doesNotContainPattern("\\p{Cntrl}").startsWith(source + ": $");
    Matcher problem = PROBLEM.matcher(message.substring(source.length() + 2));
    assertThat(problem.matches()).as(message).isTrue();
    String path = problem.group(1);
    String what = problem.group(2);
    if (what.startsWith("invalid JSON")) {
      assertThat(path).isEqualTo("$");
      // text has a line and column; past the parser's limits (nesting, number length) Jackson
      // does not say where
      if (mutant.text() && !what.contains("exceeds the maximum allowed")) {
        assertThat(what).matches(SYNTAX);
      }
    } else {
      assertParentExists(mutant, path, message);
    }
  }

  /** A problem about well-formed JSON names a place whose parent is in the document. */
  private static void assertParentExists(Mutant mutant, String path, String message) {
    JsonNode node;
    try {
      node = PlanGenerator.JSON.readTree(mutant.bytes());
    } catch (IOException e) {
      throw new AssertionError("not JSON, yet not reported as invalid JSON: " + message, e);
    }
    Matcher step = STEP.matcher(path);
    List<String> steps = new ArrayList<>();
    while (step.find()) {
      steps.add(step.group());
    }
    if (steps.isEmpty()) {
      return; // the root itself
    }
    for (String s : steps.subList(0, steps.size() - 1)) {
      node =
          s.startsWith(".")
              ? node.get(s.substring(1))
              : node.get(Integer.parseInt(s, 1, s.length() - 1, 10));
      assertThat(node).as("%s names a place that is not in the plan", message).isNotNull();
    }
    assertThat(node.isContainerNode()).as(message).isTrue();
  }

  private static void assertSame(WavePlan read, GeneratedPlan plan) {
    assertThat(read.taskId()).isEqualTo(plan.taskId());
    assertThat(read.waves())
        .extracting(Wave::waveNumber)
        .containsExactlyElementsOf(plan.waves().stream().map(ExpectedWave::number).toList());
    for (int w = 0; w < plan.waves().size(); w++) {
      List<Batch> batches = read.waves().get(w).batches();
      List<ExpectedBatch> expected = plan.waves().get(w).batches();
      assertThat(batches).hasSameSizeAs(expected);
      for (int b = 0; b < expected.size(); b++) {
        Batch batch = batches.get(b);
        ExpectedBatch want = expected.get(b);
        assertThat(batch.batchId()).isEqualTo(want.id());
        assertThat(batch.tier()).isEqualTo(want.tier());
        assertThat(batch.memoryLimit().bytes()).isEqualTo(want.memoryBytes());
        assertThat(batch.files()).isEqualTo(want.files());
        assertThat(batch.taskPrompt()).isEqualTo(want.prompt());
        assertThat(batch.expectedDuration())
            .isEqualTo(
                want.expectedMillis() == null ? null : Duration.ofMillis(want.expectedMillis()));
        assertThat(batch.image()).isEqualTo(want.image());
      }
    }
  }

  private Path file(byte[] bytes) {
    try {
      return Files.write(dir.resolve("plan.json"), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
