package dev.cfnwave.doctor;

import java.util.ArrayList;
import java.util.List;

/** Runs checks in order and gives their results with the worst verdict. */
public final class Doctor {

  private Doctor() {}

  /** The results of every check, and the worst verdict among them. */
  public record Findings(List<CheckResult> checks, Verdict verdict) {

    public Findings {
      checks = List.copyOf(checks);
    }

    public boolean failed() {
      return verdict == Verdict.FAIL;
    }
  }

  public static Findings examine(List<HostCheck> checks) {
    List<CheckResult> results = new ArrayList<>();
    Verdict worst = Verdict.OK;
    for (HostCheck check : checks) {
      for (CheckResult result : check.run()) {
        results.add(result);
        worst = worst.and(result.verdict());
      }
    }
    return new Findings(results, worst);
  }
}
