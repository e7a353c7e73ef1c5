package dev.cfnwave.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command line run by a test (the docker CLI, a credential helper) with variables of its own,
 * optional standard input and a deadline; the engine is the JVM's (DOCKER_HOST of the test leg).
 */
public final class DockerCli {

  /** Long enough for a push or pull of the test images, short enough that a hang fails the test. */
  static final Duration DEADLINE = Duration.ofMinutes(2);

  /** How one command ended and what it printed. */
  public record Result(String command, int exitCode, String out, String err) {

    public boolean ok() {
      return exitCode == 0;
    }

    /** Itself, or an exception that says what failed and why. */
    public Result orThrow() {
      if (!ok()) {
        throw new IllegalStateException(
            command + " failed (exit " + exitCode + "): " + err.strip() + " " + out.strip());
      }
      return this;
    }
  }

  private DockerCli() {}

  /** {@code docker ARGS...} with these variables (DOCKER_CONFIG, PATH, ...) added. */
  public static Result docker(Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    return run(command, environment, null);
  }

  /** Any command, {@code stdin} (or nothing) as its standard input. */
  public static Result run(List<String> command, Map<String, String> environment, String stdin) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("cfn-cli-", ".out");
      err = Files.createTempFile("cfn-cli-", ".err");
      var builder =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(
                  stdin == null
                      ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                      : ProcessBuilder.Redirect.PIPE);
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (stdin != null) {
        try (var input = process.getOutputStream()) {
          input.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(String.join(" ", command) + ": no end within " + DEADLINE);
      }
      return new Result(
          String.join(" ", command),
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(String.join(" ", command) + ": interrupted", e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException ignored) {
      // a temporary file left in /tmp
    }
  }
}
