package dev.cfnwave.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one ObjectMapper for cfn-wave's JSON documents: snake_case, pretty, ISO-8601 UTC times,
 * fractions as plain decimals.
 */
public final class Json {

  public static final ObjectMapper MAPPER =
      JsonMapper.builder(JsonFactory.builder().addDecorator((factory, g) -> new Plain(g)).build())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .serializationInclusion(JsonInclude.Include.ALWAYS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .defaultPrettyPrinter(jqStylePrinter())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  /** Indents as jq does: "key": value, one array element per line. */
  private static DefaultPrettyPrinter jqStylePrinter() {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    printer.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
    return printer;
  }

  private Json() {}

  /**
   * Writes 0.000302 where Jackson writes Java's 3.02E-4: the same number to a JSON parser, but jq,
   * shells and people read the plain form. Decimal digits as Double.toString has them, so no
   * precision is lost or invented.
   */
  private static final class Plain extends JsonGeneratorDelegate {

    Plain(JsonGenerator delegate) {
      super(delegate, false);
    }

    @Override
    public void writeNumber(double v) throws IOException {
      if (Double.isFinite(v)) {
        delegate.writeNumber(BigDecimal.valueOf(v).toPlainString());
      } else {
        delegate.writeNumber(v);
      }
    }

    @Override
    public void writeNumber(float v) throws IOException {
      if (Float.isFinite(v)) {
        delegate.writeNumber(new BigDecimal(Float.toString(v)).toPlainString());
      } else {
        delegate.writeNumber(v);
      }
    }
  }

  /** ISO-8601 UTC to the second, as the spec writes it (and jq's fromdateiso8601 reads it). */
  public static String timestamp(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public static String write(Object document) {
    try {
      return MAPPER.writeValueAsString(document) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the document to a file atomically: readers never see half of it. */
  public static void writeFile(Object document, Path file) {
    try {
      Path target = file.toAbsolutePath();
      Files.createDirectories(target.getParent());
      Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
      try {
        Files.writeString(partial, write(document), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(
            partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
