package dev.cfnwave.cli;

import dev.cfnwave.report.Json;
import java.nio.file.Path;

/** Puts a command's JSON document on stdout and, when asked, into a file. */
final class DocumentOutput {

  private DocumentOutput() {}

  static void emit(Context context, Object document, Path output) {
    if (output != null) {
      Json.writeFile(document, output);
    }
    context.out.print(Json.write(document));
    context.out.flush();
  }
}
