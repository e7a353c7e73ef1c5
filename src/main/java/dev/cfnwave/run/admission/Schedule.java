package dev.cfnwave.run.admission;

/** How batches are admitted. */
public enum Schedule {
  /** A barrier between waves, the spec's semantics: wave N+1 starts when wave N has ended. */
  WAVES,
  /** Waves are only a priority order: the next batch starts as soon as memory frees. */
  CONTINUOUS
}
