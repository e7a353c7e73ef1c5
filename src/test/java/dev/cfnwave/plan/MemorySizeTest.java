package dev.cfnwave.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemorySizeTest {

  private static final long MIB = 1024L * 1024;
  private static final long GIB = 1024L * MIB;

  @ParameterizedTest(name = "{0} is {1} bytes")
  @CsvSource(
      delimiter = '|',
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        "512m|536870912",
        "1g|1073741824",
        "100|100",
        "14.5GB|15569256448",
        "600MiB|629145600",
        "1.5g|1610612736",
        "2G|2147483648",
        "  512m |536870912",
        "64k|65536",
        "1t|1099511627776",
        "512M|536870912",
        "512mb|536870912",
      })
  void parsesDockerStyleSizesWithBinaryUnits(String text, long bytes) {
    assertThat(MemorySize.parse(text).bytes()).isEqualTo(bytes);
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(strings = {"", "   ", "abc", "-1m", "0", "0m", "0.0g", "12x", "1.2.3g", "m", "1i"})
  void refusesTextThatIsNotAPositiveSize(String text) {
    assertThatThrownBy(() -> MemorySize.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @ParameterizedTest
  @NullSource
  void refusesMissingText(String text) {
    assertThatThrownBy(() -> MemorySize.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void refusesSizeBeyondLongRange() {
    assertThatThrownBy(() -> MemorySize.parse("99999999t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void fractionOfAByteRoundingToZeroIsRefused() {
    assertThatThrownBy(() -> MemorySize.parse("0.4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a positive memory size");
  }

  @Test
  void constructorRefusesZeroAndNegativeBytes() {
    assertThatThrownBy(() -> new MemorySize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MemorySize(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} is written {1}")
  @CsvSource({
    "512m, 512m",
    "1g, 1g",
    "1024m, 1g",
    "1.5g, 1536m",
    "1.5m, 1536k",
    "100, 100",
    "14.5GB, 14848m",
  })
  void dockerFormIsExactAndUsesTheLargestWholeUnit(String text, String dockerForm) {
    assertThat(MemorySize.parse(text).dockerForm()).isEqualTo(dockerForm);
  }

  @Test
  void dockerFormParsesBackToTheSameSize() {
    for (String text : new String[] {"512m", "1.5g", "1.5m", "100", "14.5GB", "1023"}) {
      MemorySize size = MemorySize.parse(text);
      assertThat(MemorySize.parse(size.dockerForm())).isEqualTo(size);
    }
  }

  @Test
  void twentyEightTierOneLimitsSumToFourteenGigabytes() {
    MemorySize total =
        Collections.nCopies(28, MemorySize.parse("512m")).stream()
            .reduce(MemorySize::plus)
            .orElseThrow();

    assertThat(total.bytes()).isEqualTo(14 * GIB);
    assertThat(total.humanForm()).isEqualTo("14GB");
  }

  @Test
  void humanFormRoundsToOneDecimal() {
    MemorySize total = MemorySize.parse("512m").plus(MemorySize.parse("600m"));

    assertThat(total.humanForm()).isEqualTo("1.1GB");
  }

  @ParameterizedTest(name = "{0} is shown as {1}")
  @CsvSource({
    "14.5g, 14.5GB",
    "600m, 600MB",
    "512m, 512MB",
    "12k, 12KB",
    "100, 100B",
    "1g, 1GB",
  })
  void humanFormPicksTheLargestUnitReached(String text, String human) {
    assertThat(MemorySize.parse(text).humanForm()).isEqualTo(human);
  }

  @Test
  void ofMebibytesMatchesTheMUnit() {
    assertThat(MemorySize.ofMebibytes(512)).isEqualTo(MemorySize.parse("512m"));
  }

  @Test
  void sizesCompareByBytes() {
    assertThat(MemorySize.parse("600m")).isGreaterThan(MemorySize.parse("512m"));
    assertThat(MemorySize.parse("1g")).isEqualByComparingTo(MemorySize.parse("1024m"));
  }

  @Test
  void toStringIsTheDockerForm() {
    assertThat(MemorySize.parse("1024m")).hasToString("1g");
  }
}
