package dev.cfnwave.cli;

import dev.cfnwave.InputException;
import dev.cfnwave.run.Halt;
import dev.cfnwave.run.RunSettings;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** run's --halt: stop the run once enough batches succeeded (GNU parallel's --halt success=N). */
final class HaltOptions {

  private static final Pattern FORM = Pattern.compile("(?:(now|soon),)?success=([0-9]{1,9})");

  @InHelpGroup(HelpGroup.SCHEDULING)
  @Option(
      names = "--halt",
      paramLabel = "[now,|soon,]success=N",
      description =
          "Once N batches succeeded, cancel the others: now (the default) stops the running ones"
              + " too, soon lets them end and starts no more. Cancelled batches do not fail the"
              + " run.")
  String halt;

  /** The builder with --halt; a value not of the form [now,|soon,]success=N is refused. */
  RunSettings.Builder applyTo(RunSettings.Builder builder) {
    return halt == null ? builder : builder.halt(parse(halt));
  }

  static Halt parse(String value) {
    Matcher m = FORM.matcher(value.trim());
    int n = m.matches() ? Integer.parseInt(m.group(2)) : 0;
    if (n < 1) {
      throw new InputException(
          "--halt",
          "must be success=N, now,success=N or soon,success=N with N at least 1, got '"
              + value
              + "'");
    }
    return new Halt(!"soon".equals(m.group(1)), n);
  }
}
