package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.report.ExitStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class RetryOnRulesTest {

  private final RetryOnRules.Converter converter = new RetryOnRules.Converter();

  @Test
  void outcomeClassesAloneReadAsBefore() {
    assertThat(converter.convert("failed,oom_killed"))
        .isEqualTo(new RetryOnRules(Set.of(ExitStatus.FAILED, ExitStatus.OOM_KILLED), Set.of()));
    assertThat(converter.convert(" Timeout ").statuses()).containsExactly(ExitStatus.TIMEOUT);
  }

  @Test
  void numbersAfterAnExitPrefixAreExitCodesUntilTheNextClass() {
    assertThat(converter.convert("exit:1,137"))
        .isEqualTo(new RetryOnRules(Set.of(), Set.of(1L, 137L)));
    assertThat(converter.convert("oom_killed,exit:3"))
        .isEqualTo(new RetryOnRules(Set.of(ExitStatus.OOM_KILLED), Set.of(3L)));
    assertThat(converter.convert("exit:2,5,timeout,exit:9"))
        .isEqualTo(new RetryOnRules(Set.of(ExitStatus.TIMEOUT), Set.of(2L, 5L, 9L)));
  }

  @Test
  void repeatedOptionsAddUp() {
    RetryOnRules merged =
        RetryOnRules.merged(List.of(converter.convert("failed"), converter.convert("exit:3")));

    assertThat(merged).isEqualTo(new RetryOnRules(Set.of(ExitStatus.FAILED), Set.of(3L)));
  }

  @Test
  void aBareNumberWithoutExitIsRefusedNamingIt() {
    assertThatThrownBy(() -> converter.convert("137"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("got '137' in '137'");
    assertThatThrownBy(() -> converter.convert("exit:1,,2"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("got '' in 'exit:1,,2'");
    assertThatThrownBy(() -> converter.convert("exit:-1"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("from 1 to 255, got '-1'");
  }
}
