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
}
