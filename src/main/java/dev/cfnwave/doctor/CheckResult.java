package dev.cfnwave.doctor;

import java.util.Objects;

/**
 * One line of the doctor's screen: what was checked, the figure found, the verdict, and what to do
 * about it (null when nothing).
 */
public record CheckResult(String check, String figure, Verdict verdict, String fix) {

  public CheckResult {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(figure, "figure");
    Objects.requireNonNull(verdict, "verdict");
  }

  static CheckResult ok(String check, String figure) {
    return new CheckResult(check, figure, Verdict.OK, null);
  }
}
