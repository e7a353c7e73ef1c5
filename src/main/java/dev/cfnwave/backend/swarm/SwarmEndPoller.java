package dev.cfnwave.backend.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfnwave.backend.EndHints;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * End hints for Swarm, which has no task events (moby/moby 37403): one task listing per interval
 * for every service this tool owns, and a hint, once, for each service whose task ended.
 */
final class SwarmEndPoller implements AutoCloseable {

  private final Thread thread;
  private volatile boolean closed;

  private SwarmEndPoller(Supplier<JsonNode> tasks, EndHints hints, Duration interval) {
    this.thread =
        Thread.ofPlatform()
            .daemon()
            .name("swarm-end-poller")
            .unstarted(() -> poll(tasks, hints, interval));
  }

  static SwarmEndPoller start(Supplier<JsonNode> tasks, EndHints hints, Duration interval) {
    SwarmEndPoller poller = new SwarmEndPoller(tasks, hints, interval);
    poller.thread.start();
    return poller;
  }

  private void poll(Supplier<JsonNode> tasks, EndHints hints, Duration interval) {
    Set<String> hinted = new HashSet<>();
    try {
      while (!closed) {
        for (JsonNode task : tasks.get()) {
          String service = task.path("ServiceID").asText();
          if (SwarmTasks.hasEnded(task) && hinted.add(service)) {
            hints.ended(service);
          }
        }
        Thread.sleep(interval);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (!closed) {
        hints.streamEnded(e);
        return;
      }
    }
    if (!closed) {
      hints.streamEnded(null);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
