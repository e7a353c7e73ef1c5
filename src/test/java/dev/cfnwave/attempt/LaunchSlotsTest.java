package dev.cfnwave.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.backend.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LaunchSlotsTest {

  private static final int PARALLEL = 2;

  private final AtomicInteger preparing = new AtomicInteger();
  private final AtomicInteger starting = new AtomicInteger();
  private final AtomicInteger waitingToStart = new AtomicInteger();
  private final AtomicInteger prepared = new AtomicInteger();
  private final AtomicInteger mostPreparing = new AtomicInteger();
  private final AtomicInteger mostStarting = new AtomicInteger();
  private final AtomicInteger mostUnderway = new AtomicInteger();
  private final CountDownLatch fourPrepared = new CountDownLatch(4);

  @Test
  void theNextAttemptsArePreparedWhileOthersStartWithinTheirSlots() throws Exception {
    LaunchSlots slots = new LaunchSlots(PARALLEL);
    List<Future<String>> handles = new ArrayList<>();
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 8; i++) {
        String handle = "c" + i;
        handles.add(workers.submit(() -> slots.launch(() -> prepare(handle))));
      }
    }

    List<String> started = new ArrayList<>();
    for (Future<String> h : handles) {
      started.add(h.get());
    }
    assertThat(started).containsExactly("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7");
    // The first starts waited until four were prepared: without preparing ahead they never return.
    assertThat(mostPreparing.get()).isBetween(1, PARALLEL);
    assertThat(mostStarting.get()).isBetween(1, PARALLEL);
    assertThat(mostUnderway.get()).isEqualTo(2 * PARALLEL);
  }

  private Backend.Prepared prepare(String handle) {
    mostPreparing.accumulateAndGet(preparing.incrementAndGet(), Math::max);
    preparing.decrementAndGet();
    prepared.incrementAndGet();
    mostUnderway.accumulateAndGet(waitingToStart.incrementAndGet() + starting.get(), Math::max);
    fourPrepared.countDown();
    return () -> {
      waitingToStart.decrementAndGet();
      mostStarting.accumulateAndGet(starting.incrementAndGet(), Math::max);
      try {
        assertThat(fourPrepared.await(30, TimeUnit.SECONDS))
            .as("four prepared while the first starts were under way")
            .isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        starting.decrementAndGet();
      }
      return handle;
    };
  }
}
