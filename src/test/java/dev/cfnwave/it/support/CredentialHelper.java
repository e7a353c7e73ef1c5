package dev.cfnwave.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * The test credential helper {@code docker-credential-cfntest} (src/test/resources/registry),
 * installed for one test: its folder goes in front of PATH, it answers from a credentials file the
 * test fills ({@link #store}) and logs every call ({@link #calls}). A DOCKER_CONFIG names it as
 * {@value #NAME} in {@code credsStore} or {@code credHelpers}.
 */
public final class CredentialHelper {

  /** The helper's name in config.json: the docker CLI runs docker-credential-{@value #NAME}. */
  public static final String NAME = "cfntest";

  private static final String RESOURCE = "/registry/docker-credential-" + NAME;

  private final Path bin;
  private final Path credentials;
  private final Path calls;

  private CredentialHelper(Path folder) {
    this.bin = folder.resolve("bin");
    this.credentials = folder.resolve("credentials");
    this.calls = folder.resolve("calls.log");
  }

  /** Copies the helper into a new folder under {@code temp} and makes it executable. */
  public static CredentialHelper install(Path temp) {
    try {
      var helper = new CredentialHelper(Files.createTempDirectory(temp, "credential-helper-"));
      Files.createDirectories(helper.bin);
      Path script = helper.executable();
      try (InputStream source = CredentialHelper.class.getResourceAsStream(RESOURCE)) {
        if (source == null) {
          throw new IllegalStateException(RESOURCE + " is not on the test class path");
        }
        Files.copy(source, script);
      }
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.createFile(
          helper.credentials,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      return helper;
    } catch (IOException e) {
      throw new UncheckedIOException("could not install the test credential helper", e);
    }
  }

  /** The helper itself. */
  public Path executable() {
    return bin.resolve("docker-credential-" + NAME);
  }

  /** The folder to put in front of PATH. */
  public Path bin() {
    return bin;
  }

  /** PATH with the helper's folder first, for the docker CLI or cfn-wave to find it. */
  public Map<String, String> environment() {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    return Map.of("PATH", bin + ":" + path);
  }

  /** Makes {@code get} answer for {@code server} (host:port, as Docker's clients name it). */
  public void store(String server, String user, String secret) {
    for (String value : List.of(server, user, secret)) {
      if (value.isEmpty() || value.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"')) {
        throw new IllegalArgumentException("no blanks or quotes in the helper's file: " + value);
      }
    }
    try {
      Files.writeString(
          credentials,
          server + " " + user + " " + secret + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The calls so far, one "COMMAND SERVER" line each (e.g. "get 127.0.0.1:5000"). */
  public List<String> calls() {
    try {
      return Files.exists(calls) ? Files.readAllLines(calls, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the helper as Docker's clients do: {@code COMMAND}, {@code stdin} on standard input. */
  public DockerCli.Result call(String command, String stdin) {
    return DockerCli.run(List.of(executable().toString(), command), Map.of(), stdin);
  }
}
