package dev.cfnwave.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.it.support.RunTestSupport;
import dev.cfnwave.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What `run` draws on stderr through bin/cfn-wave: on a pseudo-terminal (util-linux `script`) a
 * status line redrawn in place with coloured outcomes, log lines above it; in a pipe with NO_COLOR
 * plain lines without a single escape sequence. stdout carries the JSON report either way.
 */
class ProgressDisplayIT extends RunTestSupport {

  private static final String ERASE = "\r\033[2K";

  private Path plan() {
    return plan(
        planJson(
            "progress",
            wave(1, batch("slow", 1, "sleep 3"), batch("quick", 1, "true")),
            wave(2, batch("broken", 1, "exit 3"))));
  }

  @Test
  void aTerminalGetsARedrawnStatusLineAndColours() throws Exception {
    Path out = temp.resolve("report.json");
    Path terminal = temp.resolve("terminal.txt");
    String command =
        Stream.of(runArguments(runId, plan(), "--keep-going"))
                .map(ProgressDisplayIT::shellQuoted)
                .collect(Collectors.joining(" ", "exec bin/cfn-wave ", " >"))
            + shellQuoted(out.toString());
    var builder =
        new ProcessBuilder("script", "-qfec", command, "/dev/null")
            .directory(Path.of("").toAbsolutePath().toFile())
            .redirectInput(Path.of("/dev/null").toFile())
            .redirectOutput(terminal.toFile())
            .redirectErrorStream(true);
    builder.environment().putAll(environment);
    List.of("CI", "NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "CFN_STDERR_IS_TTY")
        .forEach(builder.environment()::remove);
    builder.environment().put("TERM", "xterm");
    Process script = builder.start();

    assertThat(script.waitFor(300, TimeUnit.SECONDS)).as("script ended").isTrue();
    String drawn = Files.readString(terminal);
    assertThat(script.exitValue()).as(drawn).isEqualTo(1);
    assertThat(drawn)
        .as("the status line, redrawn in place")
        .containsPattern("\r\033\\[2K\\[[#-]{10}\\] \033\\[32m\\d/3 done")
        .as("a log line printed above it: erased, printed, the status drawn again")
        .containsPattern(
            "\r\033\\[2K\033\\[2m\\d{4}-[^\n]*wave 2 started \\(1 batch\\)\r?\n\\[[#-]{10}\\]")
        .as("outcomes in colour")
        .contains("batch broken \033[31mfailed\033[0m after 1 attempt")
        .contains("\033[33mWARN \033[0m");
    assertThat(drawn.split(java.util.regex.Pattern.quote(ERASE)).length)
        .as("redrawn more than once")
        .isGreaterThan(3);
    String json = Files.readString(out);
    assertThat(json).doesNotContain("\033", "\r");
    assertThat(Json.MAPPER.readTree(json).path("status").asText()).isEqualTo("failed");
  }

  @Test
  void aPipeWithNoColorGetsNoEscapeSequenceAtAll() throws Exception {
    environment.put("NO_COLOR", "1");
    environment.put("FORCE_COLOR", "1");
    List<String> args = new ArrayList<>(List.of(runArguments(runId, plan(), "--keep-going")));
    args.addAll(List.of("--progress-interval", "60"));
    Process child = startCfnWave(args.toArray(String[]::new));

    assertThat(child.waitFor(300, TimeUnit.SECONDS)).as("run ended").isTrue();
    String err = childErr();
    assertThat(child.exitValue()).as(err).isEqualTo(1);
    assertThat(err).doesNotContain("\033", "\r");
    assertThat(err.chars().filter(c -> c < 0x20 && c != '\n')).as(err).isEmpty();
    assertThat(err)
        .contains("INFO  wave 1 started (2 batches)")
        .contains("INFO  wave 1 ended: 2 succeeded, 0 failed")
        .contains("WARN  batch broken failed after 1 attempt")
        .contains("WARN  wave 2 ended: 0 succeeded, 1 failed")
        .containsPattern("INFO  waves 0/2 \\| done 0/3 \\| running \\d")
        .contains("broken       2  failed");
    assertThat(Json.MAPPER.readTree(childOut()).path("status").asText()).isEqualTo("failed");
  }

  private static String shellQuoted(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
