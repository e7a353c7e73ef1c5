package dev.cfnwave.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.engine.ContainerSummary;
import dev.cfnwave.it.support.ContainerCreations;
import dev.cfnwave.it.support.DockerTestSupport;
import dev.cfnwave.testing.HostileText;
import dev.cfnwave.testing.PlanGenerator;
import dev.cfnwave.testing.PlanGenerator.GeneratedPlan;
import dev.cfnwave.testing.PlanMutator;
import dev.cfnwave.testing.PlanMutator.Mutant;
import dev.cfnwave.testing.Tries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken plans against the real engine, generated from a fixed seed: each is refused
 * with one line naming the place and nothing created, or its containers run under names the engine
 * accepts, with labels that hold the ids exactly, and every saved log lies inside the log
 * directory.
 */
class HostileInputIT extends DockerTestSupport {

  private static final long SEED = 0x1d5_0005L;

  /** Plans whose prompts are harmless shell: each batch prints hostile text and exits 0. */
  private static final PlanGenerator.Shape RUNNABLE =
      new PlanGenerator.Shape(
          2, 2, 256, r -> "printf '%s\\n' " + HostileText.shellQuoted(PlanGenerator.anyText(r)));

  private static final Pattern DOCKER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");

  /** What a case may do: run (exit 0), be refused (exit 2), or either. */
  enum Expect {
    RUNS,
    REFUSED,
    EITHER
  }

  /** One plan: its bytes, the wave spawn is asked for and the batch ids that wave holds. */
  record Case(byte[] plan, int wave, String taskId, Set<String> batchIds, Expect expect) {}

  private static final DockerClient DOCKER = DockerTestSupport.rawClient();

  private Path box;
  private Path logs;
  private ContainerCreations creations;

  @AfterAll
  static void closeClient() throws Exception {
    DOCKER.close();
  }

  @BeforeEach
  void sandbox() throws IOException {
    // the logs go two levels below temp: an escape by "../" would land in box or temp, both checked
    box = Files.createDirectories(temp.resolve("box"));
    logs = box.resolve("logs");
    environment.put("CFN_LOG_DIR", logs.toString());
    creations = ContainerCreations.watch(DOCKER, CfnLabels.RUN_ID, runId);
  }

  @AfterEach
  void stopWatching() {
    creations.close();
  }

  static Stream<Arguments> spawnCases() {
    Random random = new Random(SEED);
    List<Arguments> cases = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      GeneratedPlan plan = withoutImages(PlanGenerator.plan(random, RUNNABLE));
      cases.add(named("valid " + i, valid(plan)));
    }
    for (int i = 0; i < PlanMutator.KINDS; i++) {
      GeneratedPlan plan = withoutImages(PlanGenerator.plan(random, RUNNABLE));
      Mutant mutant = PlanMutator.mutate(random, plan, i);
      cases.add(named("mutant " + i + " (" + cut(mutant.mutation()) + ")", broken(plan, mutant)));
    }
    cases.add(
        named(
            "two dots in ids",
            fixed(
                "{\"task_id\": \"../t..\", \"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"v1..2\", \"tier\": 1}, {\"batch_id\": \"../../x\", \"tier\": 1}]}]}",
                Expect.RUNS)));
    cases.add(
        named(
            "memory adding up past 8 EiB",
            fixed(
                "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"memory\": \"8388607t\"}, {\"batch_id\": \"b\", \"memory\": \"8388607t\"}]}]}",
                Expect.REFUSED)));
    String one =
        "{\"waves\": [{\"wave_number\": 1, \"batches\": [{\"batch_id\": \"a\", \"tier\": 1}]}]}";
    cases.add(named("two plans in one file", fixed(one + one, Expect.REFUSED)));
    return cases.stream();
  }

  static Stream<Arguments> runCases() {
    Random random = new Random(SEED + 1);
    List<Arguments> cases = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      GeneratedPlan plan = withoutImages(PlanGenerator.plan(random, RUNNABLE));
      // run runs every wave
      Set<String> ids = new TreeSet<>(PlanGenerator.batchIds(plan));
      Case c = valid(plan);
      cases.add(named("valid " + i, new Case(c.plan(), c.wave(), c.taskId(), ids, c.expect())));
    }
    while (cases.size() < 5) {
      GeneratedPlan plan = withoutImages(PlanGenerator.plan(random, RUNNABLE));
      Mutant mutant = PlanMutator.mutate(random, plan);
      if (mutant.refused()) {
        cases.add(named("mutant (" + cut(mutant.mutation()) + ")", broken(plan, mutant)));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spawnCases")
  void spawnRunsOrRefusesWithOneLine(String name, Case c) throws IOException {
    Path plan = write(c);

    CliRun spawned = spawn(plan, c.wave());

    if (spawned.exitCode() == 2) {
      assertThat(c.expect()).as(spawned.err()).isNotEqualTo(Expect.RUNS);
      assertRefused(spawned, plan, c);
      assertThat(temp.resolve("wave" + c.wave() + "-spawned.json")).doesNotExist();
    } else {
      assertThat(c.expect()).as(spawned.err()).isNotEqualTo(Expect.REFUSED);
      assertThat(spawned.exitCode()).as(spawned.err()).isZero();
      List<String> names = assertLabelledAndNamed(spawned.json(), c);
      CliRun monitored = monitor(c.wave(), "--preserve-logs");
      assertThat(monitored.exitCode())
          .as(monitored.err())
          .isIn(c.expect() == Expect.RUNS ? List.of(0) : List.of(0, 1));
      CliRun cleaned =
          cfnWave(
              "cleanup",
              "--containers",
              temp.resolve("wave" + c.wave() + "-spawned.json").toString(),
              "--preserve-all-logs");
      assertThat(cleaned.exitCode()).as(cleaned.err()).isZero();
      assertThat(containersOfThisRun()).isEmpty();
      assertLogsInside(logs.resolve("container-logs"), names);
      if (c.expect() == Expect.RUNS) {
        assertThat(listing(workspace)).isEmpty();
      }
    }
    assertNothingOutside();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runCases")
  void runRunsOrRefusesWithOneLine(String name, Case c) throws IOException {
    Path plan = write(c);
    Path runs = temp.resolve("runs");

    CliRun run =
        cfnWave(
            "run",
            "--wave-plan",
            plan.toString(),
            "--run-id",
            runId,
            "--runs-dir",
            runs.toString(),
            "--workspace",
            workspace.toString(),
            "--poll-interval",
            "0.2",
            "--preserve-all-logs");

    if (c.expect() == Expect.REFUSED) {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertRefused(run, plan, c);
      assertThat(runs.resolve(runId)).doesNotExist();
    } else {
      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode report = run.json();
      assertThat(report.get("status").asText()).isEqualTo("succeeded");
      List<String> names = new ArrayList<>();
      Set<String> batchIds = new TreeSet<>();
      for (JsonNode batch : report.get("batches")) {
        batchIds.add(batch.get("batch_id").asText());
        batch.get("attempts").forEach(a -> names.add(a.get("container_name").asText()));
      }
      assertThat(batchIds).containsExactlyInAnyOrderElementsOf(c.batchIds());
      assertThat(names).allMatch(n -> DOCKER_NAME.matcher(n).matches());
      // every container removed: none kept because its log could not be saved
      assertThat(containersOfThisRun()).isEmpty();
      assertLogsInside(runs.resolve(runId).resolve("logs"), names);
    }
    assertNothingOutside();
  }

  /** One line naming the plan and a JSON path, no stack trace, and nothing created. */
  private void assertRefused(CliRun run, Path plan, Case c) {
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).as(run.err()).hasSize(1);
    assertThat(run.err())
        .contains(plan + ": $")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(containersOfThisRun()).isEmpty();
    assertThat(creations.untilNow()).as("containers created").isEmpty();
  }

  /** The running containers carry the ids exactly and names the engine accepts. */
  private List<String> assertLabelledAndNamed(JsonNode manifest, Case c) {
    List<String> names = new ArrayList<>();
    for (JsonNode entry : manifest.get("containers")) {
      if ("running".equals(entry.get("status").asText())) {
        names.add(entry.get("container_name").asText());
      }
    }
    List<ContainerSummary> containers = containersOfThisRun();
    assertThat(containers)
        .extracting(ContainerSummary::name)
        .containsExactlyInAnyOrderElementsOf(names);
    for (ContainerSummary container : containers) {
      assertThat(container.name()).matches(DOCKER_NAME);
      if (c.expect() == Expect.RUNS) {
        assertThat(container.label(CfnLabels.BATCH_ID)).get().isIn(c.batchIds());
        assertThat(container.label(CfnLabels.TASK_ID))
            .contains(c.taskId() == null ? "" : c.taskId());
      }
    }
    if (c.expect() == Expect.RUNS) {
      assertThat(containers)
          .extracting(s -> s.label(CfnLabels.BATCH_ID).orElseThrow())
          .containsExactlyInAnyOrderElementsOf(c.batchIds());
    }
    return names;
  }

  /** Exactly one log per container, each a regular file directly inside the log directory. */
  private static void assertLogsInside(Path directory, List<String> names) throws IOException {
    if (names.isEmpty() && Files.notExists(directory)) {
      return;
    }
    assertThat(directory).as("the log directory, with the logs of %s", names).isDirectory();
    Path real = directory.toRealPath();
    List<String> files = new ArrayList<>();
    try (Stream<Path> all = Files.walk(directory)) {
      for (Path file : all.filter(p -> !p.equals(directory)).toList()) {
        assertThat(file.toRealPath().getParent()).isEqualTo(real);
        assertThat(file).isRegularFile();
        files.add(file.getFileName().toString());
      }
    }
    assertThat(files)
        .containsExactlyInAnyOrderElementsOf(names.stream().map(n -> n + ".log").toList());
  }

  /**
   * Nothing beside the log directory in the test's folder, and nothing named after this run (every
   * container and log name ends with the run id) in the working directory.
   */
  private void assertNothingOutside() throws IOException {
    assertThat(listing(box)).isSubsetOf("logs");
    if (Files.exists(logs)) {
      assertThat(listing(logs)).isSubsetOf("container-logs");
    }
    assertThat(listing(temp))
        .allMatch(
            n -> Set.of("box", "workspace", "runs").contains(n) || n.endsWith(".json"),
            "only the test's own files");
    assertThat(listing(Path.of("").toAbsolutePath())).noneMatch(n -> n.contains(runId));
  }

  private static Set<String> listing(Path directory) throws IOException {
    try (Stream<Path> children = Files.list(directory)) {
      return new TreeSet<>(children.map(p -> p.getFileName().toString()).toList());
    }
  }

  private Path write(Case c) throws IOException {
    return Files.write(temp.resolve("plan-" + runId + ".json"), c.plan());
  }

  /**
   * The plan with the agent image for every batch: generated plans name images of their own, which
   * no registry here serves (this test is about hostile text, RegistryRunIT about images).
   */
  private static GeneratedPlan withoutImages(GeneratedPlan plan) {
    plan.json()
        .path("waves")
        .forEach(
            wave ->
                wave.path("batches")
                    .forEach(
                        batch -> {
                          if (batch instanceof com.fasterxml.jackson.databind.node.ObjectNode b) {
                            b.remove("image");
                          }
                        }));
    return plan;
  }

  private static Case valid(GeneratedPlan plan) {
    var wave = plan.waves().get(0);
    return new Case(
        plan.text(false).getBytes(StandardCharsets.UTF_8),
        wave.number(),
        plan.taskId(),
        idsOf(plan, wave.number()),
        Expect.RUNS);
  }

  private static Case broken(GeneratedPlan plan, Mutant mutant) {
    var wave = plan.waves().get(0);
    return new Case(
        mutant.bytes(),
        wave.number(),
        plan.taskId(),
        idsOf(plan, wave.number()),
        mutant.refused() ? Expect.REFUSED : Expect.EITHER);
  }

  private static Case fixed(String json, Expect expect) {
    try {
      JsonNode tree = PlanGenerator.JSON.readTree(json);
      Set<String> ids = new TreeSet<>();
      tree.get("waves").get(0).get("batches").forEach(b -> ids.add(b.get("batch_id").asText()));
      String task = tree.has("task_id") ? tree.get("task_id").asText() : null;
      return new Case(json.getBytes(StandardCharsets.UTF_8), 1, task, ids, expect);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> idsOf(GeneratedPlan plan, int wave) {
    Set<String> ids = new TreeSet<>();
    plan.waves().stream()
        .filter(w -> w.number() == wave)
        .forEach(w -> w.batches().forEach(b -> ids.add(b.id())));
    return ids;
  }

  private static Arguments named(String name, Case c) {
    return Arguments.of(name, c);
  }

  private static String cut(String text) {
    String shown = Tries.shown(text);
    return shown.length() > 60 ? shown.substring(0, 60) + "..." : shown;
  }
}
