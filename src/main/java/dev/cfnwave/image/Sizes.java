package dev.cfnwave.image;

import dev.cfnwave.plan.MemorySize;

/** Byte counts as people read them. */
final class Sizes {

  private Sizes() {}

  static String human(long bytes) {
    return bytes <= 0 ? "0" : new MemorySize(bytes).humanForm();
  }
}
