package dev.cfnwave.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which pending batches are offered memory. Batches whose plan entry says how long
 * they are expected to run go first, longest first (the classic longest-processing-time rule: a
 * long batch started last stretches the whole run); the rest follow in plan order.
 */
final class AdmissionOrder {

  private AdmissionOrder() {}

  static List<BatchRun> longestExpectedFirst(List<BatchRun> planOrder) {
    List<BatchRun> order = new ArrayList<>(planOrder);
    order.sort(
        Comparator.comparing(
            (BatchRun b) -> b.batch.expected().orElse(Duration.ZERO), Comparator.reverseOrder()));
    return List.copyOf(order);
  }
}
