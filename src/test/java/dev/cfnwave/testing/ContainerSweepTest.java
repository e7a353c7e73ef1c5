package dev.cfnwave.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.backend.CfnLabels;
import dev.cfnwave.backend.memory.InMemoryEngine;
import dev.cfnwave.engine.ContainerEngine;
import dev.cfnwave.engine.EngineTimeoutException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContainerSweepTest {

  private static final Map<String, String> RUN = Map.of(CfnLabels.RUN_ID, "r1");

  private final InMemoryEngine engine = new InMemoryEngine();

  @Test
  void removesWhatSlowRemovesLeftOnceTheEngineAnswers() {
    for (int i = 0; i < 3; i++) {
      engine.start(engine.create(Specs.container("c" + i, "r1", "b" + i, "ms=60000")));
    }
    engine.create(Specs.container("other", "r2", "b0", "exit=0"));

    ContainerSweep.removeAll(failingRemoves(4), List.of(RUN), Duration.ofMinutes(1));

    assertThat(engine.listByLabels(RUN)).isEmpty();
    assertThat(engine.listByLabels(Map.of(CfnLabels.RUN_ID, "r2"))).hasSize(1);
  }

  @Test
  void containersStillThereAtTheDeadlineFailTheTest() {
    engine.create(Specs.container("c0", "r1", "b0", "exit=0"));

    assertThatThrownBy(
            () ->
                ContainerSweep.removeAll(
                    failingRemoves(Integer.MAX_VALUE), List.of(RUN), Duration.ZERO))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("1 container(s) still there")
        .hasCauseInstanceOf(EngineTimeoutException.class);
  }

  /** The engine, whose first {@code count} removes time out without removing anything. */
  private ContainerEngine failingRemoves(int count) {
    AtomicInteger failures = new AtomicInteger(count);
    return (ContainerEngine)
        Proxy.newProxyInstance(
            ContainerEngine.class.getClassLoader(),
            new Class<?>[] {ContainerEngine.class},
            (proxy, method, args) -> {
              if (method.getName().equals("remove") && failures.getAndDecrement() > 0) {
                throw new EngineTimeoutException("remove container " + args[0] + ": no answer");
              }
              try {
                return method.invoke(engine, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
