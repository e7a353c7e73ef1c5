package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.InputException;
import dev.cfnwave.event.WaveEvent.Level;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which stderr the environment and --quiet / --color make: live, coloured, from which level. */
class ConsoleModeTest {

  private static ConsoleMode mode(Map<String, String> environment, String color, boolean quiet) {
    ConsoleOptions options = new ConsoleOptions();
    options.color = color;
    options.quiet = quiet;
    return ConsoleMode.of(environment, Level.INFO, false, options);
  }

  private static ConsoleMode mode(Map<String, String> environment) {
    return mode(environment, "auto", false);
  }

  @Test
  void aTerminalIsLiveAndColoured() {
    ConsoleMode mode = mode(Map.of("CFN_STDERR_IS_TTY", "1", "CFN_STDERR_COLUMNS", "120"));

    assertThat(mode.live()).isTrue();
    assertThat(mode.colour()).isTrue();
    assertThat(mode.columns()).isEqualTo(120);
  }

  @Test
  void ciAndADumbTerminalCountAsNoTerminal() {
    assertThat(mode(Map.of("CFN_STDERR_IS_TTY", "1", "CI", "true")))
        .extracting(ConsoleMode::live, ConsoleMode::colour)
        .containsExactly(false, false);
    assertThat(mode(Map.of("CFN_STDERR_IS_TTY", "1", "TERM", "dumb")).live()).isFalse();
    assertThat(mode(Map.of("CFN_STDERR_IS_TTY", "1", "CI", "false")).live()).isTrue();
    assertThat(mode(Map.of()).live()).isFalse();
  }

  @Test
  void noColorTurnsColourOffWithAnyNonEmptyValue() {
    assertThat(mode(Map.of("CFN_STDERR_IS_TTY", "1", "NO_COLOR", "0")).colour()).isFalse();
    assertThat(mode(Map.of("CFN_STDERR_IS_TTY", "1", "NO_COLOR", "")).colour()).isTrue();
    assertThat(mode(Map.of("NO_COLOR", "1", "FORCE_COLOR", "1")).colour()).isFalse();
  }

  @Test
  void forceColorColoursAPipeAndTheOptionBeatsTheVariables() {
    assertThat(mode(Map.of("FORCE_COLOR", "1")).colour()).isTrue();
    assertThat(mode(Map.of("CLICOLOR_FORCE", "1")).colour()).isTrue();
    assertThat(mode(Map.of("FORCE_COLOR", "0")).colour()).isFalse();
    assertThat(mode(Map.of("NO_COLOR", "1"), "always", false).colour()).isTrue();
    assertThat(mode(Map.of("CFN_STDERR_IS_TTY", "1"), "never", false).colour()).isFalse();
  }

  @Test
  void quietRaisesTheLevelToWarningsAndDrawsNoStatusLine() {
    ConsoleMode mode = mode(Map.of("CFN_STDERR_IS_TTY", "1"), "auto", true);

    assertThat(mode.threshold()).isEqualTo(Level.WARN);
    assertThat(mode.live()).isFalse();
    assertThat(mode.colour()).isTrue();
  }

  @Test
  void badCombinationsAreRefusedNamingTheOption() {
    ConsoleOptions both = new ConsoleOptions();
    both.quiet = true;
    assertThatThrownBy(() -> ConsoleMode.of(Map.of(), Level.INFO, true, both))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("--quiet and --verbose");
    assertThatThrownBy(() -> mode(Map.of(), "sometimes", false))
        .isInstanceOf(InputException.class)
        .hasMessage("--color sometimes: expected auto, always or never");
  }
}
