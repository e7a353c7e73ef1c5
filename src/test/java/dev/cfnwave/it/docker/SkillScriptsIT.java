package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.it.support.DockerTestSupport;
import dev.cfnwave.report.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The drop-in shell scripts and docker-helpers.sh, run by bash against the built jar. */
class SkillScriptsIT extends DockerTestSupport {

  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path SKILL = ROOT.resolve(".claude/skills/cfn-docker-wave-execution");
  private static final String EXAMPLE = "examples/basic-wave-execution.sh";

  record Shell(int exitCode, String out, String err) {}

  /** The example's task id, made this test's own so that it owns the containers it makes. */
  private String taskId;

  @BeforeEach
  void ownTaskId() {
    taskId = "basic-" + runId;
  }

  @AfterEach
  void removeTheExamplesContainers() {
    ENGINE.listByLabels(Map.of(CfnLabels.TASK_ID, taskId)).forEach(c -> ENGINE.remove(c.id()));
  }

  @Test
  void specsBasicWaveExecutionScriptRunsAgainstTheDropIns() throws Exception {
    Path copy = exampleCopy();

    // on the default bridge: the example's default network, cfn-network, would outlive the test
    Shell run =
        bash("WORKSPACE=" + workspace + " CFN_DOCKER_NETWORK=bridge bash " + copy.resolve(EXAMPLE));

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode spawned = Json.MAPPER.readTree(Files.readString(copy.resolve("wave1-spawned.json")));
    assertThat(spawned.get("total_spawned").asInt()).isEqualTo(2);
    assertThat(Files.readString(copy.resolve("wave1-results.json"))).contains("\"failed\": 0");
    JsonNode cleaned = Json.MAPPER.readTree(Files.readString(copy.resolve("wave1-cleanup.json")));
    assertThat(cleaned.get("containers_removed").asInt()).isEqualTo(2);
    assertThat(cleaned.get("errors")).isEmpty();
    assertThat(ENGINE.listByLabels(Map.of(CfnLabels.TASK_ID, taskId))).isEmpty();
  }

  /**
   * The example in a folder of the test's own, since it writes its wave files next to its own
   * folder: its plan under this test's task id, and its cleanup narrowed to that task id (the
   * spec's cleanup takes every wave-1 container on the engine). .claude links to the real drop-ins.
   */
  private Path exampleCopy() throws IOException {
    Path copy = Files.createDirectories(temp.resolve("example/examples"));
    Files.createSymbolicLink(copy.resolveSibling(".claude"), ROOT.resolve(".claude"));
    String plan = Files.readString(ROOT.resolve("examples/basic-plan.json"));
    Files.writeString(
        copy.resolve("basic-plan.json"),
        replaceOnce(plan, "\"task_id\": \"basic\"", "\"task_id\": \"" + taskId + "\""));
    String script = Files.readString(ROOT.resolve(EXAMPLE));
    Files.writeString(
        copy.resolve("basic-wave-execution.sh"),
        replaceOnce(
            script,
            "cleanup-wave.sh \\\n  --wave-number 1 \\\n",
            "cleanup-wave.sh \\\n  --wave-number 1 --task-id " + taskId + " \\\n"));
    return copy.getParent();
  }

  private static String replaceOnce(String text, String what, String with) {
    assertThat(text.split(Pattern.quote(what), -1)).as("occurrences of " + what).hasSize(2);
    return text.replace(what, with);
  }

  @Test
  void dockerHelpersAreThinCallsIntoCfnWave() throws Exception {
    Path plan =
        plan(
            planJson(
                "t",
                wave(1, batch("fine", 1, "echo from-fine"), batch("bad", 2, "sleep 1; exit 4"))));
    String script =
        String.join(
            "\n",
            "set -euo pipefail",
            "source " + SKILL.resolve("lib/docker-helpers.sh"),
            "echo \"bytes=$(parse_memory 512m) $(parse_memory 1g) $(parse_memory 100)\"",
            "validate_docker_access && echo docker=ok",
            SKILL.resolve("spawn-wave.sh")
                + " --wave-plan "
                + plan
                + " --wave-number 1 --base-image "
                + AGENT_IMAGE
                + " --workspace "
                + workspace
                + " --network bridge --run-id "
                + runId
                + " --output "
                + temp.resolve("m.json")
                + " >/dev/null",
            "mapfile -t IDS < <(grep -o '\"container_id\": \"[0-9a-f]*\"' "
                + temp.resolve("m.json")
                + " | cut -d '\"' -f 4)",
            "rc=0; wait_for_containers IDS[@] 60 || rc=$?",
            "echo wait=$rc",
            "echo status=$(get_container_status ${IDS[0]}),$(get_container_status ${IDS[1]})",
            "echo exit=$(extract_exit_code ${IDS[0]}),$(extract_exit_code ${IDS[1]})",
            "log_container ${IDS[0]} " + temp.resolve("helper-logs"),
            "create_container_manifest ${IDS[1]} bad 2 > " + temp.resolve("entry.json"));

    Shell run = bash(script);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("bytes=536870912 1073741824 100")
        .contains("docker=ok")
        .contains("wait=1")
        .contains("status=exited,failed")
        .contains("exit=0,4");
    String firstId =
        containersOfThisRun().stream()
            .filter(c -> c.label(CfnLabels.BATCH_ID).orElse("").equals("fine"))
            .findFirst()
            .orElseThrow()
            .id();
    assertThat(Files.readString(temp.resolve("helper-logs/" + firstId + ".log")))
        .isEqualTo("from-fine\n");
    assertThat(Files.readString(temp.resolve("entry.json")))
        .contains("\"batch_id\": \"bad\"")
        .contains("\"tier\": 2")
        .contains("\"memory_limit\": \"600m\"");
  }

  private Shell bash(String script) throws IOException, InterruptedException {
    Path out = temp.resolve("bash.out");
    Path err = temp.resolve("bash.err");
    Process process =
        new ProcessBuilder("bash", "-c", script)
            .directory(Files.createDirectories(temp.resolve("cwd")).toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("script did not finish: " + Files.readString(err));
    }
    return new Shell(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
