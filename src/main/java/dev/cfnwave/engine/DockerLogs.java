package dev.cfnwave.engine;

import com.github.dockerjava.transport.DockerHttpClient;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.SavedLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * Saves a container's log to a file, streamed and capped, within a time limit of its own. The log
 * is read over the raw transport and its frames taken apart here ({@link LogFrames}).
 */
final class DockerLogs {

  private static final Duration LOG_LIMIT = Duration.ofMinutes(5);
  private static final int NOT_FOUND = 404;

  private DockerLogs() {}

  /**
   * @param send sends the request and returns the engine's answer, within a deadline of its own
   *     (the log's body then has {@link #LOG_LIMIT}); its failures are thrown as they are
   */
  static SavedLog save(
      Function<DockerHttpClient.Request, DockerHttpClient.Response> send,
      String containerId,
      Path file,
      long maxBytes) {
    return save(send, containerId, file, maxBytes, LOG_LIMIT);
  }

  static SavedLog save(
      Function<DockerHttpClient.Request, DockerHttpClient.Response> send,
      String containerId,
      Path file,
      long maxBytes,
      Duration limit) {
    String path =
        "/containers/"
            + URLEncoder.encode(containerId, StandardCharsets.UTF_8)
            + "/logs?stdout=1&stderr=1";
    var request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET)
            .path(path)
            .build();
    try (var sink = new CappedLogFile(file, maxBytes)) {
      DockerHttpClient.Response response = send.apply(request);
      try (response;
          InputStream body = response.getBody()) {
        int status = response.getStatusCode();
        if (status == NOT_FOUND) {
          throw new ContainerNotFoundException(containerId, null);
        }
        if (status / 100 != 2) {
          throw new EngineException("save logs of " + containerId + ": engine answered " + status);
        }
        copy(body, sink, response, limit);
      }
      return sink.finish();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("save logs of " + containerId + ": interrupted");
    } catch (IOException e) {
      throw new EngineException(
          "save logs of " + containerId + " to " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a container's log to {@code out} as it is now and, with {@code follow}, what it writes
   * until it stops (as {@code docker logs -f}). Only the engine's answer has a deadline ({@code
   * send}'s); a followed body is read for as long as the container runs, so this blocks until it
   * stops or {@code out} refuses more (a closed pipe), which ends the copy quietly.
   */
  static void copy(
      Function<DockerHttpClient.Request, DockerHttpClient.Response> send,
      String containerId,
      OutputStream out,
      boolean follow) {
    var request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET)
            .path(
                "/containers/"
                    + URLEncoder.encode(containerId, StandardCharsets.UTF_8)
                    + "/logs?stdout=1&stderr=1"
                    + (follow ? "&follow=1" : ""))
            .build();
    DockerHttpClient.Response response = send.apply(request);
    try (response;
        InputStream body = response.getBody()) {
      int status = response.getStatusCode();
      if (status == NOT_FOUND) {
        throw new ContainerNotFoundException(containerId, null);
      }
      if (status / 100 != 2) {
        throw new EngineException("logs of " + containerId + ": engine answered " + status);
      }
      LogFrames.copy(body, payload -> writeQuietly(out, payload));
    } catch (IOException e) {
      throw new EngineException("logs of " + containerId + ": " + e.getMessage(), e);
    }
  }

  /** False once {@code out} cannot be written: whoever read it went away. */
  private static boolean writeQuietly(OutputStream out, byte[] payload) {
    try {
      out.write(payload);
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Copies the frames on a thread of its own; past the limit, the log is marked cut and the
   * response closed, which ends the copy.
   */
  private static void copy(
      InputStream body, CappedLogFile sink, AutoCloseable response, Duration limit)
      throws IOException, InterruptedException {
    IOException[] failure = new IOException[1];
    Thread reader =
        Thread.ofPlatform()
            .daemon()
            .name("log-reader")
            .start(
                () -> {
                  try {
                    LogFrames.copy(body, sink::append);
                  } catch (IOException e) {
                    failure[0] = e;
                  } catch (UncheckedIOException e) {
                    failure[0] = e.getCause();
                  }
                });
    if (!reader.join(limit)) {
      sink.markCut("log stream did not end within " + limit.toSeconds() + " s");
      try {
        response.close();
      } catch (Exception ignored) {
        // closing only ends the copy
      }
      reader.join();
      return;
    }
    if (failure[0] != null) {
      throw failure[0];
    }
  }
}
