package dev.cfnwave.backend.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.cfnwave.backend.AttemptNotFoundException;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.backend.SavedLog;
import dev.cfnwave.engine.CappedLogFile;
import dev.cfnwave.engine.DockerFailures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Saves a service's log (stdout and stderr of its task, fetched by the manager from the worker) to
 * a file, capped, never followed, within a time limit: such streams can hang, so a log still open
 * at the limit is cut and says so.
 */
final class SwarmServiceLogs {

  private final Supplier<DockerClient> client;
  private final Duration limit;

  SwarmServiceLogs(Supplier<DockerClient> client, Duration limit) {
    this.client = client;
    this.limit = limit;
  }

  SavedLog save(String serviceId, Path file, long maxBytes) {
    try (var sink = new CappedLogFile(file, maxBytes)) {
      var callback =
          client
              .get()
              .logServiceCmd(serviceId)
              .withStdout(true)
              .withStderr(true)
              .withFollow(false)
              .exec(sink.callback());
      try {
        if (!callback.awaitCompletion(limit.toMillis(), TimeUnit.MILLISECONDS)) {
          sink.markCut("service log did not end within " + limit.toSeconds() + " s");
        }
      } finally {
        callback.close();
      }
      return sink.finish();
    } catch (NotFoundException e) {
      throw new AttemptNotFoundException("service " + serviceId + " not found", serviceId, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("save logs of service " + serviceId + ": interrupted");
    } catch (IOException e) {
      throw new EngineException(
          "save logs of service " + serviceId + " to " + file + ": " + e.getMessage(), e);
    } catch (DockerException e) {
      throw new EngineException(
          "save logs of service " + serviceId + ": " + DockerFailures.engineMessage(e), e);
    }
  }
}
