package dev.cfnwave.plan;

import java.util.List;

/** A group of batches that the spec runs together, between barriers. */
public record Wave(int waveNumber, List<Batch> batches) {

  public Wave {
    if (waveNumber < 0) {
      throw new IllegalArgumentException("wave_number must not be negative");
    }
    batches = List.copyOf(batches);
  }

  public MemorySize totalMemory() {
    return batches.stream().map(Batch::memoryLimit).reduce(MemorySize::plus).orElseThrow();
  }
}
