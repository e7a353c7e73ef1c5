package dev.cfnwave.it.support;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine's "create" events of containers carrying one label, so a test can show that no
 * container of its own was made, even one made and removed again. The engine sends events in order:
 * once a marker container's creation is seen, every earlier creation has been seen too.
 */
public final class ContainerCreations implements AutoCloseable {

  private final DockerClient docker;
  private final Map<String, String> labels;
  private final List<String> created = new CopyOnWriteArrayList<>();
  private final ResultCallback.Adapter<Event> callback;

  private ContainerCreations(DockerClient docker, String label, String value) {
    this.docker = docker;
    this.labels = Map.of(label, value, DockerTestSupport.TEST_LABEL, value);
    callback =
        docker
            .eventsCmd()
            .withEventTypeFilter(EventType.CONTAINER)
            .withEventFilter("create")
            .withLabelFilter(Map.of(label, value))
            // events of the last second are replayed: none made just after subscribing is missed
            .withSince(String.valueOf(Instant.now().getEpochSecond() - 1))
            .exec(
                new ResultCallback.Adapter<>() {
                  @Override
                  public void onNext(Event event) {
                    created.add(event.getId());
                  }
                });
  }

  /** Watches for containers labelled {@code label=value} from now on. */
  public static ContainerCreations watch(DockerClient docker, String label, String value) {
    return new ContainerCreations(docker, label, value);
  }

  /** The ids of the containers created with the label so far (the marker left out). */
  public List<String> untilNow() {
    String marker =
        docker
            .createContainerCmd("cfn-wave/busybox:latest")
            .withLabels(labels)
            .withCmd("true")
            .exec()
            .getId();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> created.contains(marker));
    } finally {
      docker.removeContainerCmd(marker).withForce(true).exec();
    }
    return created.stream().filter(id -> !id.equals(marker)).toList();
  }

  @Override
  public void close() {
    try {
      callback.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
