package dev.cfnwave.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfnwave.testing.CsvText;
import dev.cfnwave.testing.Tries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void plainFieldsAreLeftAsTheyAre() {
    assertThat(Csv.field("b1")).isEqualTo("b1");
    assertThat(Csv.field(" spaced out ")).isEqualTo(" spaced out ");
    assertThat(Csv.field("")).isEmpty();
    assertThat(Csv.field(null)).isEmpty();
  }

  @Test
  void aCommaIsQuoted() {
    assertThat(Csv.field("fixed a, b")).isEqualTo("\"fixed a, b\"");
  }

  @Test
  void aQuoteIsDoubledInsideQuotes() {
    assertThat(Csv.field("said \"done\"")).isEqualTo("\"said \"\"done\"\"\"");
    assertThat(Csv.field("\"")).isEqualTo("\"\"\"\"");
  }

  @Test
  void lineBreaksAreQuoted() {
    assertThat(Csv.field("one\ntwo")).isEqualTo("\"one\ntwo\"");
    assertThat(Csv.field("one\r\ntwo")).isEqualTo("\"one\r\ntwo\"");
    assertThat(Csv.field("cr\ronly")).isEqualTo("\"cr\ronly\"");
  }

  @Test
  void aRecordJoinsWithCommasAndEndsWithCrlf() {
    assertThat(Csv.record(Arrays.asList("a", null, "b,c"))).isEqualTo("a,,\"b,c\"\r\n");
  }

  @Test
  void anyFieldsReadBackAsWritten() {
    String alphabet = "ab ,\"\r\n;'=é\t";
    Tries.forAll(
        0xc5f0_0001L,
        300,
        r -> records(r, alphabet),
        records -> {
          StringBuilder text = new StringBuilder();
          records.forEach(rec -> text.append(Csv.record(rec)));
          assertThat(CsvText.parse(text.toString())).isEqualTo(records);
        });
  }

  private static List<List<String>> records(Random r, String alphabet) {
    int columns = 1 + r.nextInt(4);
    List<List<String>> records = new ArrayList<>();
    for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
      List<String> record = new ArrayList<>();
      for (int c = 0; c < columns; c++) {
        StringBuilder field = new StringBuilder();
        for (int k = 0, len = r.nextInt(6); k < len; k++) {
          field.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        record.add(field.toString());
      }
      records.add(record);
    }
    return records;
  }
}
