package dev.cfnwave.doctor;

import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.EngineException;
import java.util.ArrayList;
import java.util.List;

/** Whether each image the plan needs is where attempts run: a missing one is pulled (warn). */
public record ImagesCheck(Backend backend, List<String> images) implements HostCheck {

  @Override
  public List<CheckResult> run() {
    List<CheckResult> results = new ArrayList<>();
    for (String image : images) {
      String check = "image " + image;
      try {
        results.add(
            backend.hasImage(image)
                ? CheckResult.ok(check, "present")
                : new CheckResult(
                    check,
                    "not present",
                    Verdict.WARN,
                    "run pulls it (--pull); or docker pull " + image + " ahead"));
      } catch (EngineException e) {
        results.add(new CheckResult(check, e.getMessage(), Verdict.WARN, null));
      }
    }
    return results;
  }
}
