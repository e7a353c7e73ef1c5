package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.image.PullPolicy;
import dev.cfnwave.image.PullSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How spawn and run get their images: when to pull, how long a pull may take, how many at once. */
final class PullOptions {

  @InHelpGroup(HelpGroup.PLAN_AND_IMAGES)
  @Option(
      names = "--pull",
      paramLabel = "WHEN",
      completionCandidates = Converters.PullPolicyNames.class,
      description =
          "Pull an image: missing (when not present), always (once per run), never"
              + " (env CFN_PULL; now: ${DEFAULT-VALUE}).")
  PullPolicy policy;

  @InHelpGroup(HelpGroup.PLAN_AND_IMAGES)
  @Option(
      names = "--pull-timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description = "How long one image's pull may take (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @InHelpGroup(HelpGroup.PLAN_AND_IMAGES)
  @Option(
      names = "--pull-parallel",
      paramLabel = "N",
      defaultValue = "2",
      description = "How many images are pulled at once (default: ${DEFAULT-VALUE}).")
  int parallel;

  /**
   * @throws InputException naming the option that is wrong
   */
  PullSettings settings() {
    if (parallel < 1) {
      throw new InputException("--pull-parallel", "must be at least 1, got " + parallel);
    }
    return new PullSettings(policy, timeout, parallel);
  }
}
