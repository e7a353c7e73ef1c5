package dev.cfnwave.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.cfnwave.backend.SavedLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Saves a container's log to a file, streamed and capped, within a time limit of its own. */
final class DockerLogs {

  private static final Duration LOG_LIMIT = Duration.ofMinutes(5);

  private DockerLogs() {}

  static SavedLog save(
      DockerClient client,
      String containerId,
      Path file,
      long maxBytes,
      Function<Throwable, RuntimeException> translate) {
    try (var sink = new CappedLogFile(file, maxBytes)) {
      var callback =
          client
              .logContainerCmd(containerId)
              .withStdOut(true)
              .withStdErr(true)
              .withFollowStream(false)
              .exec(sink.callback());
      try {
        if (!callback.awaitCompletion(LOG_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
          sink.markCut("log stream did not end within " + LOG_LIMIT.toSeconds() + " s");
        }
      } finally {
        callback.close();
      }
      return sink.finish();
    } catch (NotFoundException e) {
      throw new ContainerNotFoundException(containerId, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("save logs of " + containerId + ": interrupted");
    } catch (IOException e) {
      throw new EngineException(
          "save logs of " + containerId + " to " + file + ": " + e.getMessage(), e);
    } catch (DockerException e) {
      throw translate.apply(e);
    }
  }
}
