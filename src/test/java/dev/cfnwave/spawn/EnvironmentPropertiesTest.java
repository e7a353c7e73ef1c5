package dev.cfnwave.spawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.InputException;
import dev.cfnwave.testing.HostileText;
import dev.cfnwave.testing.Tries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Environment values reach containers only when they hold no NUL and no line break; a refusal names
 * the variable and never shows the value, wherever the value came from.
 */
class EnvironmentPropertiesTest {

  private static final int TRIES = 1000;

  @TempDir Path dir;

  private record Variable(String name, String value) {}

  @Test
  void valueWithNulOrLineBreakIsRefusedWithoutBeingShown() {
    Tries.forAll(
        0xe_0001L,
        TRIES,
        r -> new Variable(name(r), breaking(r, HostileText.printable(r, 8))),
        v -> {
          String expected =
              "--environment " + v.name() + ": the value must not contain NUL or newlines";
          assertRefused(
              () -> EnvironmentEntries.parse(List.of("OK=1", v.name() + "=" + v.value())),
              expected);
          assertRefused(
              () -> EnvironmentEntries.parse(List.of(v.name()), Map.of(v.name(), v.value())),
              expected);
        });
  }

  @Test
  void valueWithNulInAnEnvFileIsRefusedWithoutBeingShown() {
    Tries.forAll(
        0xe_0002L,
        TRIES / 4,
        r -> new Variable(name(r), withNul(r, HostileText.printable(r, 8))),
        v -> {
          Path file = envFile("OK=1\n" + v.name() + "=" + v.value() + "\n");
          assertRefused(
              () -> EnvironmentEntries.readFile(file),
              "--env-file "
                  + file
                  + ": line 2 ("
                  + v.name()
                  + "): the value must not contain NUL or newlines");
        });
  }

  @Test
  void anyOtherValuePassesUnchanged() {
    Tries.forAll(
        0xe_0003L,
        TRIES,
        r -> new Variable(name(r), harmless(r)),
        v -> {
          assertThat(EnvironmentEntries.parse(List.of(v.name() + "=" + v.value())))
              .containsExactly(Map.entry(v.name(), v.value()));
          assertThat(EnvironmentEntries.parse(List.of(v.name()), Map.of(v.name(), v.value())))
              .containsExactly(Map.entry(v.name(), v.value()));
          assertThat(EnvironmentEntries.readFile(envFile(v.name() + "=" + v.value() + "\n")))
              .containsExactly(Map.entry(v.name(), v.value()));
        });
  }

  private static void assertRefused(Runnable parse, String message) {
    assertThatThrownBy(parse::run).isInstanceOf(InputException.class).hasMessage(message);
  }

  /** A shell-style name that cfn-wave does not set itself. */
  private static String name(Random random) {
    String first = "ABCXYZabcxyz_";
    String rest = "ABCXYZabcxyz_0189";
    StringBuilder name =
        new StringBuilder("V").append(first.charAt(random.nextInt(first.length())));
    for (int i = random.nextInt(12); i > 0; i--) {
      name.append(rest.charAt(random.nextInt(rest.length())));
    }
    return name.toString();
  }

  /** The text with a NUL, LF or CR somewhere in it. */
  private static String breaking(Random random, String text) {
    return HostileText.insert(
        random, text, HostileText.pick(random, List.of("\0", "\n", "\r", "\r\n")));
  }

  private static String withNul(Random random, String text) {
    return HostileText.insert(random, text, "\0");
  }

  /** Anything but NUL and line breaks: shell syntax, tabs, escapes, Unicode, '=' and '#'. */
  private static String harmless(Random random) {
    String text =
        random.nextBoolean()
            ? HostileText.printable(random, 10)
            : HostileText.withControl(random, HostileText.printable(random, 10));
    return text.replace("\0", "").replace("\n", "").replace("\r", "");
  }

  private Path envFile(String content) {
    try {
      return Files.writeString(dir.resolve("vars.env"), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
