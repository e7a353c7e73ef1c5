package dev.cfnwave.run.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EngineException;
import dev.cfnwave.event.WaveEvent;
import dev.cfnwave.event.WaveListener;
import dev.cfnwave.plan.MemorySize;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run says while it cannot read what others hold on the engine (an engine outage). */
class SharedBudgetTest {

  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Instant T0 = Instant.parse("2025-11-14T10:30:45Z");

  @TempDir Path temp;

  private final List<WaveEvent.Note> notes = new CopyOnWriteArrayList<>();
  private final WaveListener listener =
      event -> {
        if (event instanceof WaveEvent.Note note && note.level() != WaveEvent.Level.DEBUG) {
          notes.add(note);
        }
      };
  private volatile boolean engineDown;

  /** Only what others hold is asked of the backend; it fails while the engine is down. */
  private final Backend backend =
      (Backend)
          Proxy.newProxyInstance(
              Backend.class.getClassLoader(),
              new Class<?>[] {Backend.class},
              (proxy, method, args) -> {
                if (!method.getName().equals("memoryHeldByOthers")) {
                  throw new UnsupportedOperationException(method.getName());
                }
                if (engineDown) {
                  throw new EngineException("cannot reach the Docker engine");
                }
                return 0L;
              });

  @Test
  void warnsOncePerOutageAndOnceWhenItCanReadAgain() {
    try (SharedBudget shared =
        new SharedBudget(
            backend,
            Map.of("cfn.run.id", "r1"),
            new MemoryBudget(MemorySize.parse("1g")),
            new AdmissionLock(temp.resolve("admission.lock"), listener),
            POLL,
            listener)) {
      int second = 0;
      shared.refreshIfDue(T0.plusSeconds(second++));
      engineDown = true;
      for (int poll = 0; poll < 5; poll++) {
        shared.refreshIfDue(T0.plusSeconds(second++));
        shared.beginAdmission(T0.plusSeconds(second++));
      }
      engineDown = false;
      shared.refreshIfDue(T0.plusSeconds(second++));
      shared.refreshIfDue(T0.plusSeconds(second++));
      engineDown = true;
      shared.refreshIfDue(T0.plusSeconds(second++));
      shared.refreshIfDue(T0.plusSeconds(second++));
    }

    assertThat(notes)
        .extracting(WaveEvent.Note::level, WaveEvent.Note::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                WaveEvent.Level.WARN,
                "could not read what others hold on the engine, will retry: cannot reach the"
                    + " Docker engine"),
            org.assertj.core.groups.Tuple.tuple(
                WaveEvent.Level.INFO, "can read what others hold on the engine again"),
            org.assertj.core.groups.Tuple.tuple(
                WaveEvent.Level.WARN,
                "could not read what others hold on the engine, will retry: cannot reach the"
                    + " Docker engine"));
  }
}
