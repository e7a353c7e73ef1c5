package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.InputException;
import dev.cfnwave.InputProblems;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ErrorLinesTest {

  @Test
  void severalProblemsAreOneErrorLineEachAndExitTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
    Context context = new Context(stream, stream, Map.of());
    CommandLine.ParseResult parsed =
        Main.commandLine(context).parseArgs("run", "--wave-plan", "p.json");
    CommandLine run = parsed.subcommand().commandSpec().commandLine();

    int exit =
        new ErrorHandler(context)
            .handleExecutionException(
                new InputProblems(
                    List.of(
                        new InputException("--base-image a:1", "not found"),
                        new InputException(
                            "plan.json: $.waves[0].batches[1].image", "unauthorized"))),
                run,
                parsed);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "cfn-wave run: error: --base-image a:1: not found",
            "cfn-wave run: error: plan.json: $.waves[0].batches[1].image: unauthorized");
  }

  /** An engine's error object that escaped the engine package's translation: its message only. */
  @Test
  void anEnginesErrorObjectIsItsMessageOnly() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
    Context context = new Context(stream, stream, Map.of());
    CommandLine.ParseResult parsed =
        Main.commandLine(context).parseArgs("run", "--wave-plan", "p.json");
    CommandLine run = parsed.subcommand().commandSpec().commandLine();

    new ErrorHandler(context)
        .handleExecutionException(
            new IllegalStateException(
                "Status 500: {\"message\":\"write /var/lib/docker/x: no space left on device\"}\n"),
            run,
            parsed);

    assertThat(err.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
        .isEqualTo("cfn-wave run: error: write /var/lib/docker/x: no space left on device");
  }

  @Test
  void aMessageWithAnErrorObjectKeepsWhatCameBefore() {
    assertThat(
            ErrorHandler.withoutErrorObject(
                "create container a: Status 409: {\"message\": \"Conflict. The name is in use\"}"))
        .isEqualTo("create container a: Conflict. The name is in use");
    assertThat(ErrorHandler.withoutErrorObject("plan.json: {\"message\": 1}"))
        .isEqualTo("plan.json: {\"message\": 1}");
    assertThat(ErrorHandler.withoutErrorObject("no JSON here")).isEqualTo("no JSON here");
  }
}
