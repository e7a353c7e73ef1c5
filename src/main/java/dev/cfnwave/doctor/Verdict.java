package dev.cfnwave.doctor;

import java.util.Locale;

/** What a check concluded: fine, worth a look before a big run, or a run will not fit. */
public enum Verdict {
  OK,
  WARN,
  FAIL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The worse of the two. */
  Verdict and(Verdict other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
