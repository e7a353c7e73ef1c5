package dev.cfnwave.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Numbers in the JSON documents: fractions as plain decimals, and still numbers. */
class JsonNumbersTest {

  record Fractions(double tiny, double huge, float single, double whole, Double missing) {}

  @Test
  void fractionsArePlainDecimalsAndStayNumbers() throws IOException {
    String json = Json.write(new Fractions(3.02e-4, 1.5e12, 2.5e-5f, 2.0, null));

    assertThat(json)
        .contains("\"tiny\": 0.000302,", "\"huge\": 1500000000000,", "\"single\": 0.000025,")
        .contains("\"whole\": 2.0,", "\"missing\": null")
        .doesNotContainIgnoringCase("e-")
        .doesNotContain("E+", "\"0.");
    JsonNode read = Json.MAPPER.readTree(json);
    assertThat(read.get("tiny").isNumber()).isTrue();
    assertThat(read.get("tiny").asDouble()).isEqualTo(3.02e-4);
    assertThat(read.get("huge").asDouble()).isEqualTo(1.5e12);
  }

  @Test
  void treesReadBackAreWrittenPlainToo() throws IOException {
    JsonNode tree = Json.MAPPER.createObjectNode().put("gib_hours", 1.2e-7);

    assertThat(Json.write(tree)).contains("\"gib_hours\": 0.00000012");
  }
}
