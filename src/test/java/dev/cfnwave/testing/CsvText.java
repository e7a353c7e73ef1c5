package dev.cfnwave.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 4180 reader for the tests, written apart from the writer it checks: records end with
 * CRLF, a quote may appear only around a whole field or doubled inside one, and every record has as
 * many fields as the header.
 */
public final class CsvText {

  private CsvText() {}

  /** The records, header first. */
  public static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    boolean fieldStart = true;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (fieldStart && c == '"') {
        i++;
        while (true) {
          if (i >= text.length()) {
            throw new IllegalArgumentException("unterminated quoted field at " + i);
          }
          char q = text.charAt(i);
          if (q == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
          } else if (q == '"') {
            i++;
            break;
          } else {
            field.append(q);
            i++;
          }
        }
        fieldStart = false;
        if (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\r') {
          throw new IllegalArgumentException("text after a closing quote at " + i);
        }
        continue;
      }
      if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        fieldStart = true;
        i++;
      } else if (c == '\r') {
        if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
          throw new IllegalArgumentException("a CR without LF at " + i);
        }
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        fieldStart = true;
        i += 2;
      } else if (c == '"' || c == '\n') {
        throw new IllegalArgumentException("a bare " + (c == '"' ? "quote" : "LF") + " at " + i);
      } else {
        field.append(c);
        fieldStart = false;
        i++;
      }
    }
    if (!record.isEmpty() || field.length() > 0) {
      throw new IllegalArgumentException("the last record does not end with CRLF");
    }
    for (List<String> r : records) {
      if (r.size() != records.get(0).size()) {
        throw new IllegalArgumentException(
            "a record of " + r.size() + " fields under a header of " + records.get(0).size());
      }
    }
    return records;
  }

  /** The records after the header, each as column name to value. */
  public static List<Map<String, String>> rows(String text) {
    List<List<String>> records = parse(text);
    List<String> header = records.get(0);
    List<Map<String, String>> rows = new ArrayList<>();
    for (List<String> r : records.subList(1, records.size())) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), r.get(i));
      }
      rows.add(row);
    }
    return rows;
  }
}
