package dev.cfnwave.engine;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code docker-credential-NAME get} as the docker CLI does: the program found on the PATH of
 * the tool's environment, which it also gets as its own; the server address on stdin, the answer on
 * stdout. A helper that does not answer within the limit is killed.
 */
final class CredentialHelperProcess implements RegistryCredentials.HelperRunner {

  static final Duration LIMIT = Duration.ofSeconds(20);

  private final Map<String, String> environment;
  private final Duration limit;

  CredentialHelperProcess(Map<String, String> environment, Duration limit) {
    this.environment = Map.copyOf(environment);
    this.limit = limit;
  }

  @Override
  public RegistryCredentials.HelperAnswer get(String name, String serverAddress)
      throws IOException, TimeoutException {
    Path program = find("docker-credential-" + name);
    if (program == null) {
      return null;
    }
    ProcessBuilder builder =
        new ProcessBuilder(program.toString(), "get")
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    try {
      try (OutputStream in = process.getOutputStream()) {
        in.write(serverAddress.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // A helper that exits without reading its input still answers on stdout.
      }
      byte[][] output = new byte[1][];
      Thread reader =
          Thread.ofPlatform()
              .daemon()
              .name("credential-helper")
              .start(
                  () -> {
                    try (InputStream out = process.getInputStream()) {
                      output[0] = out.readAllBytes();
                    } catch (IOException e) {
                      output[0] = new byte[0];
                    }
                  });
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException("docker-credential-" + name + " did not answer");
      }
      reader.join(limit);
      byte[] answer = output[0] == null ? new byte[0] : output[0];
      return new RegistryCredentials.HelperAnswer(
          process.exitValue(), new String(answer, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while docker-credential-" + name + " ran", e);
    } finally {
      process.destroyForcibly();
    }
  }

  /** The first executable of that name on the environment's PATH, or null. */
  private Path find(String program) {
    String path = environment.get("PATH");
    if (path == null || path.isBlank()) {
      return null;
    }
    for (String folder : path.split(File.pathSeparator)) {
      if (folder.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(folder, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
