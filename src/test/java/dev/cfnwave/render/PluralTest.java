package dev.cfnwave.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluralTest {

  @Test
  void oneIsSingularAndEveryOtherCountPlural() {
    assertThat(Plural.of(1, "attempt")).isEqualTo("1 attempt");
    assertThat(Plural.of(0, "attempt")).isEqualTo("0 attempts");
    assertThat(Plural.of(2, "batch")).isEqualTo("2 batches");
    assertThat(Plural.of(3, "near miss")).isEqualTo("3 near misses");
    assertThat(Plural.of(1, "OOM kill")).isEqualTo("1 OOM kill");
  }
}
