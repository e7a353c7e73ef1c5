package dev.cfnwave.run.admission;

import dev.cfnwave.run.journal.BatchRun;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which pending batches are offered memory. Batches expected to run long (by their
 * plan entry, or as learned from earlier runs) go first, longest first (the classic
 * longest-processing-time rule: a long batch started last stretches the whole run); the rest follow
 * in plan order.
 */
final class AdmissionOrder {

  private AdmissionOrder() {}

  static List<BatchRun> longestExpectedFirst(List<BatchRun> planOrder, Estimates estimates) {
    List<BatchRun> order = new ArrayList<>(planOrder);
    order.sort(Comparator.comparing(estimates::of, Comparator.reverseOrder()));
    return List.copyOf(order);
  }
}
