package dev.cfnwave.preview;

import dev.cfnwave.preview.PreviewDocument.Variable;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CFN_* variables in force, by name, with their values, except where the name suggests a
 * secret: those are listed with no value.
 */
final class Variables {

  private static final List<String> SECRET_WORDS =
      List.of("TOKEN", "KEY", "SECRET", "PASSWORD", "PASSWD", "AUTH", "CREDENTIAL");

  private Variables() {}

  static List<Variable> inForce(Map<String, String> environment) {
    return environment.entrySet().stream()
        .filter(e -> e.getKey().startsWith("CFN_"))
        .sorted(Map.Entry.comparingByKey())
        .map(
            e ->
                isSecret(e.getKey())
                    ? new Variable(e.getKey(), null, true)
                    : new Variable(e.getKey(), e.getValue(), false))
        .toList();
  }

  static boolean isSecret(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return SECRET_WORDS.stream().anyMatch(upper::contains);
  }
}
