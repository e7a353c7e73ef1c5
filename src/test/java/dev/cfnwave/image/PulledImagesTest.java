package dev.cfnwave.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.BackendCapabilities;
import dev.cfnwave.backend.memory.DelegatingBackend;
import dev.cfnwave.backend.memory.InMemoryBackend;
import dev.cfnwave.event.WaveEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PulledImagesTest {

  private static final String DIGEST = "sha256:" + "2".repeat(64);
  private static final String ID = "sha256:" + "7".repeat(64);

  private final InMemoryBackend backend = new InMemoryBackend();
  private final List<WaveEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    backend.close();
  }

  @Test
  void anImageThisRunPulledIsRemovedByItsId() {
    backend.images().onlyThoseAdded().add("agent:1", ID, "agent@" + DIGEST);

    PulledImages.remove(
        backend, List.of(new PinnedImage("agent:1", "agent@" + DIGEST, DIGEST, true)), events::add);

    assertThat(backend.images().removed()).containsExactly(ID);
    assertThat(backend.images().local("agent:1")).isEmpty();
  }

  @Test
  void anImageAlreadyGoneIsNoError() {
    backend.images().onlyThoseAdded();

    PulledImages.remove(
        backend, List.of(new PinnedImage("agent:1", "agent@" + DIGEST, DIGEST, true)), events::add);

    assertThat(backend.images().removed()).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void onNodesNothingIsRemovedAndThatIsSaid() {
    backend.images().onlyThoseAdded().add("agent:1", ID, "agent@" + DIGEST);
    Backend swarm =
        new DelegatingBackend(backend) {
          @Override
          public BackendCapabilities capabilities() {
            return new BackendCapabilities(true, true, false, false);
          }
        };

    PulledImages.remove(
        swarm, List.of(new PinnedImage("agent:1", "agent@" + DIGEST, DIGEST, true)), events::add);

    assertThat(backend.images().removed()).isEmpty();
    assertThat(events)
        .singleElement()
        .isEqualTo(
            new WaveEvent.Note(
                WaveEvent.Level.WARN,
                "--remove-pulled-images does nothing on the docker backend: its nodes pulled the"
                    + " images and keep them"));
  }
}
