package dev.cfnwave.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.InputException;
import dev.cfnwave.run.Halt;
import org.junit.jupiter.api.Test;

class HaltOptionsTest {

  @Test
  void successNStopsNowUnlessSoonIsSaid() {
    assertThat(HaltOptions.parse("success=1")).isEqualTo(new Halt(true, 1));
    assertThat(HaltOptions.parse("now,success=3")).isEqualTo(new Halt(true, 3));
    assertThat(HaltOptions.parse("soon,success=2")).isEqualTo(new Halt(false, 2));
  }

  @Test
  void otherValuesAreRefusedNamingTheOption() {
    for (String bad : new String[] {"success=0", "fail=1", "later,success=1", "success=x", ""}) {
      assertThatThrownBy(() -> HaltOptions.parse(bad))
          .as(bad)
          .isInstanceOf(InputException.class)
          .hasMessageContaining("--halt");
    }
  }
}
