package dev.cfnwave.spawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfnwave.attempt.BatchContainers;
import dev.cfnwave.attempt.ContainerNaming;
import dev.cfnwave.attempt.LogKeeper;
import dev.cfnwave.attempt.SpawnSettings;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.ContainerSecurity;
import dev.cfnwave.backend.SavedLog;
import dev.cfnwave.plan.Batch;
import dev.cfnwave.plan.PlanException;
import dev.cfnwave.plan.PlanReader;
import dev.cfnwave.plan.TierTable;
import dev.cfnwave.plan.WavePlan;
import dev.cfnwave.testing.HostileText;
import dev.cfnwave.testing.PlanGenerator;
import dev.cfnwave.testing.Tries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile batch and task ids ("../", NUL, newlines, shell syntax, 1 and 300 chars): refused with
 * the id's JSON path, or made into container names Docker accepts, labels that hold the id exactly
 * and log files that stay inside the log directory. Hostile environment values are refused without
 * being shown.
 */
class HostileIdsTest {

  private static final int TRIES = 500;

  /** What the engine accepts as a container name. */
  private static final Pattern DOCKER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");

  /** The longest file name Linux file systems take, in bytes; a log is {name}.log. */
  private static final int NAME_MAX = 255;

  @TempDir Path temp;

  private int tried;

  /** One generated case: the ids, where they go, and the run's id and wave. */
  private record Ids(String taskId, String batchId, String runId, int wave) {

    @Override
    public String toString() {
      return "task_id=" + taskId + " batch_id=" + batchId + " run=" + runId + " wave=" + wave;
    }
  }

  @Test
  void hostileIdsAreRefusedAtTheirPathOrGiveSafeNamesLabelsAndLogFiles() {
    Tries.forAll(0x1d5_0001L, TRIES, HostileIdsTest::ids, this::refusedOrSafe);
  }

  @Test
  void idsOfLengthOneAndThreeHundred() {
    List<String> ids =
        Stream.concat(HostileText.PRINTABLE.stream(), HostileText.CONTROL.stream())
            .map(s -> new String(Character.toChars(s.codePointAt(0))))
            .toList();
    for (String id : ids) {
      refusedOrSafe(new Ids(id, id, "r1", 1));
      refusedOrSafe(new Ids("t", id, "r1", 1));
    }
    Random random = new Random(300);
    for (int i = 0; i < 20; i++) {
      String id = HostileText.longString(random, 300);
      refusedOrSafe(new Ids(null, id, "r1", 1));
      refusedOrSafe(new Ids(id, "b", "r1", 1));
    }
  }

  private static Ids ids(Random random) {
    String task = random.nextInt(5) == 0 ? null : id(random);
    return new Ids(
        task,
        id(random),
        runId(random),
        random.nextInt(4) == 0 ? Integer.MAX_VALUE : random.nextInt(10));
  }

  private static String id(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> HostileText.any(random);
      case 1 -> HostileText.longString(random, 195 + random.nextInt(10));
      default -> PlanGenerator.id(random);
    };
  }

  /** A run id as RunIds allows it: [a-z0-9][a-z0-9_.-]{0,31}. */
  private static String runId(Random random) {
    StringBuilder id = new StringBuilder().append((char) ('a' + random.nextInt(26)));
    String chars = "abcdefghijklmnopqrstuvwxyz0123456789_.-";
    for (int i = random.nextInt(32); i > 0; i--) {
      id.append(chars.charAt(random.nextInt(chars.length())));
    }
    return id.toString();
  }

  private void refusedOrSafe(Ids ids) {
    ObjectNode root = PlanGenerator.JSON.createObjectNode();
    if (ids.taskId() != null) {
      root.put("task_id", ids.taskId());
    }
    ObjectNode wave = root.putArray("waves").addObject().put("wave_number", ids.wave());
    wave.putArray("batches")
        .add(PlanGenerator.JSON.createObjectNode().put("batch_id", "first").put("tier", 1))
        .add(PlanGenerator.JSON.createObjectNode().put("batch_id", ids.batchId()).put("tier", 2));
    PlanReader reader = new PlanReader(TierTable.defaults(), w -> {});

    String taskProblem = ids.taskId() == null ? null : problemWith(ids.taskId());
    String batchProblem = problemWith(ids.batchId());
    if (taskProblem != null || batchProblem != null) {
      String path = taskProblem != null ? "$.task_id" : "$.waves[0].batches[1].batch_id";
      assertThatThrownBy(() -> reader.parse("plan.json", root.toString()))
          .isInstanceOf(PlanException.class)
          .hasMessageStartingWith("plan.json: " + path + ": ")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("\\p{Cntrl}"));
      return;
    }
    WavePlan plan = reader.parse("plan.json", root.toString());
    Batch batch = plan.waves().get(0).batches().get(1);
    assertThat(batch.batchId()).isEqualTo(ids.batchId());
    assertThat(plan.taskId()).isEqualTo(ids.taskId());
    for (int attempt : new int[] {1, 2, 11}) {
      AttemptSpec spec =
          BatchContainers.specFor(
              plan.taskId(), ids.wave(), batch, settings(ids.runId()), attempt, Map.of());
      assertSafeName(spec.name(), ids);
      assertThat(spec.labels())
          .containsEntry(CfnLabels.MANAGED, "true")
          .containsEntry(CfnLabels.BATCH_ID, ids.batchId())
          .containsEntry(CfnLabels.TASK_ID, ids.taskId() == null ? "" : ids.taskId())
          .containsEntry(CfnLabels.RUN_ID, ids.runId())
          .containsEntry(CfnLabels.WAVE_NUMBER, String.valueOf(ids.wave()));
      assertThat(spec.environment())
          .containsEntry("BATCH_ID", ids.batchId())
          .containsEntry("TASK_ID", ids.taskId() == null ? "" : ids.taskId());
      assertLogStaysInside(spec.name());
    }
  }

  /** The rule the README states for ids, written out independently of Identifiers. */
  private static String problemWith(String id) {
    if (id.isEmpty() || id.length() > 200) {
      return "length";
    }
    return id.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f)) ? "control" : null;
  }

  private static void assertSafeName(String name, Ids ids) {
    assertThat(name).matches(DOCKER_NAME).startsWith("cfn-wave" + ids.wave() + "-");
    assertThat(name).contains("-" + ids.runId());
    assertThat(name.length()).isLessThanOrEqualTo(253);
    assertThat((name + ".log").length()).isLessThanOrEqualTo(NAME_MAX);
    assertThat(ContainerNaming.safe(ids.batchId()).length())
        .isLessThanOrEqualTo(ContainerNaming.MAX_ID_PART + 9);
  }

  /** Saves a log under the name as cleanup and monitor do; it must land in the log directory. */
  private void assertLogStaysInside(String name) {
    try {
      Path box = Files.createDirectories(temp.resolve("try-" + ++tried));
      Path logs = Files.createDirectories(box.resolve("container-logs"));
      SavedLog saved = new LogKeeper(writingEngine(), logs, 1024).save("abc123", name);

      assertThat(saved.file().toRealPath().getParent()).isEqualTo(logs.toRealPath());
      assertThat(saved.file().getFileName().toString()).isEqualTo(name + ".log");
      try (Stream<Path> all = Files.walk(box)) {
        assertThat(all.filter(Files::isRegularFile).toList()).containsExactly(saved.file());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SpawnSettings settings(String runId) {
    return new SpawnSettings(
        "img:latest", null, null, Map.of(), 1, runId, false, ContainerSecurity.DEFAULT);
  }

  /** An engine whose only skill is writing a log file where it is told to. */
  static Backend writingEngine() {
    return (Backend)
        Proxy.newProxyInstance(
            Backend.class.getClassLoader(),
            new Class<?>[] {Backend.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("saveLog")) {
                throw new UnsupportedOperationException(method.getName());
              }
              Path file = (Path) args[1];
              byte[] log = ("log of " + args[0] + "\n").getBytes();
              Files.write(file, log);
              return new SavedLog(file, log.length, false);
            });
  }
}
