package dev.cfnwave.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version Maven wrote into the jar. */
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
    return new String[] {"cfn-wave " + properties.getProperty("version", "unknown")};
  }
}
