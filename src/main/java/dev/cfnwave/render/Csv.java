package dev.cfnwave.render;

import java.util.List;
import java.util.stream.Collectors;

/**
 * RFC 4180 text: a field holding a comma, a double quote, a carriage return or a line feed is put
 * in double quotes with its quotes doubled; records end with CRLF. A null field is empty.
 */
final class Csv {

  static final String RECORD_END = "\r\n";

  private Csv() {}

  static String field(String value) {
    if (value == null) {
      return "";
    }
    boolean quote =
        value.indexOf(',') >= 0
            || value.indexOf('"') >= 0
            || value.indexOf('\r') >= 0
            || value.indexOf('\n') >= 0;
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  /** One record, its line end included. */
  static String record(List<String> fields) {
    return fields.stream().map(Csv::field).collect(Collectors.joining(",")) + RECORD_END;
  }
}
