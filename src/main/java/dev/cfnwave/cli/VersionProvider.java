package dev.cfnwave.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version and commit Maven wrote into the jar, and the Java runtime running it. */
final class VersionProvider implements CommandLine.IVersionProvider {

  @Override
  public String[] getVersion() throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        VersionProvider.class.getResourceAsStream("/cfn-wave-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    }
    return new String[] {
      "cfn-wave " + known(properties.getProperty("version")),
      "commit " + known(properties.getProperty("commit")),
      "Java "
          + System.getProperty("java.runtime.version")
          + " ("
          + System.getProperty("java.vendor")
          + ", "
          + System.getProperty("java.home")
          + ")"
    };
  }

  /** A build outside a git checkout leaves the placeholder (or nothing) behind. */
  private static String known(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
  }
}
