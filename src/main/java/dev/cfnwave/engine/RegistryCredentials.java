package dev.cfnwave.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.backend.ImagePullException;
import dev.cfnwave.backend.ImagePullException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Finds a registry's credentials as the docker CLI does, in {@code $DOCKER_CONFIG/config.json}
 * (default ~/.docker): a credential helper named for that registry in {@code credHelpers}, else the
 * default one in {@code credsStore}, else {@code auths} (the registry's key, else any key that
 * names the same host, as "https://HOST/v1/" does). A helper that has none means anonymous access,
 * as for the CLI. The file is read once and each registry resolved once per instance; failures say
 * where the credentials were looked for, never what they are.
 */
public final class RegistryCredentials {

  private static final String TOKEN_USERNAME = "<token>";

  /** Runs {@code docker-credential-NAME get}. */
  @FunctionalInterface
  interface HelperRunner {
    /**
     * @return the helper's answer, or null when no such program is on the PATH
     */
    HelperAnswer get(String name, String serverAddress) throws IOException, TimeoutException;
  }

  /** A helper's exit code and stdout; stdout holds a secret, so it is never shown. */
  record HelperAnswer(int exitCode, String output) {
    @Override
    public String toString() {
      return "HelperAnswer[exit " + exitCode + "]";
    }
  }

  private final Path configFile;
  private final HelperRunner helpers;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Map<String, RegistryAuth> resolved = new ConcurrentHashMap<>();
  private volatile JsonNode config;

  RegistryCredentials(Path configFile, HelperRunner helpers) {
    this.configFile = configFile;
    this.helpers = helpers;
  }

  /** The credentials in the docker configuration that DOCKER_CONFIG or HOME in it name. */
  public static RegistryCredentials of(Map<String, String> environment) {
    return new RegistryCredentials(
        DockerEndpoints.configFolder(environment).resolve("config.json"),
        new CredentialHelperProcess(environment, CredentialHelperProcess.LIMIT));
  }

  /**
   * The credentials for the registry the image reference names.
   *
   * @throws ImagePullException (UNAUTHORIZED) when the configuration cannot be read or its helper
   *     fails
   */
  public RegistryAuth forImage(String image) {
    return forRegistry(ImageReference.parse(image).credentialsKey());
  }

  /** The credentials for a registry's key (HOST:PORT, or Docker Hub's key). */
  RegistryAuth forRegistry(String key) {
    return resolved.computeIfAbsent(key, this::resolve);
  }

  private RegistryAuth resolve(String key) {
    JsonNode config = config();
    String helper = config.path("credHelpers").path(key).asText("");
    String chosenBy = "credHelpers";
    if (helper.isEmpty()) {
      helper = config.path("credsStore").asText("");
      chosenBy = "credsStore";
    }
    if (!helper.isEmpty()) {
      return fromHelper(
          helper,
          key,
          "credential helper docker-credential-"
              + helper
              + " ("
              + chosenBy
              + " in "
              + configFile
              + ")");
    }
    return fromAuths(config.path("auths"), key);
  }

  private RegistryAuth fromAuths(JsonNode auths, String key) {
    JsonNode entry = auths.get(key);
    if (entry == null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (hostOf(field.getKey()).equals(key)) {
          entry = field.getValue();
          break;
        }
      }
    }
    if (entry == null) {
      return RegistryAuth.anonymous(
          key, configFile + (Files.exists(configFile) ? "" : " (there is no such file)"));
    }
    String source = "auths in " + configFile;
    String username = text(entry, "username");
    String password = text(entry, "password");
    String encoded = text(entry, "auth");
    if (encoded != null) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw unreadable("the auth of " + key + " in " + configFile + " is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw unreadable("the auth of " + key + " in " + configFile + " is not user:password");
      }
      username = decoded.substring(0, colon);
      password = decoded.substring(colon + 1);
    }
    return new RegistryAuth(key, username, password, text(entry, "identitytoken"), source);
  }

  private RegistryAuth fromHelper(String helper, String key, String source) {
    String program = "docker-credential-" + helper;
    HelperAnswer answer;
    try {
      answer = helpers.get(helper, key);
    } catch (TimeoutException e) {
      throw unreadable(
          source + " did not answer within " + CredentialHelperProcess.LIMIT.toSeconds() + " s");
    } catch (IOException e) {
      throw unreadable(source + " could not be run for " + key);
    }
    if (answer == null) {
      throw unreadable(source + " is not on PATH: " + program + " is needed for " + key);
    }
    if (answer.exitCode() != 0) {
      if (answer.output().contains("credentials not found")) {
        return RegistryAuth.anonymous(key, source);
      }
      throw unreadable(source + " failed for " + key + " (exit " + answer.exitCode() + ")");
    }
    JsonNode creds;
    try {
      creds = mapper.readTree(answer.output());
    } catch (JsonProcessingException e) {
      creds = null;
    }
    if (creds == null || !creds.isObject()) {
      throw unreadable(source + " answered for " + key + " with something other than JSON");
    }
    String username = text(creds, "Username");
    String secret = text(creds, "Secret");
    if (TOKEN_USERNAME.equals(username)) {
      return new RegistryAuth(key, null, null, secret, source);
    }
    return new RegistryAuth(key, username, secret, null, source);
  }

  private JsonNode config() {
    JsonNode known = config;
    if (known == null) {
      known = read();
      config = known;
    }
    return known;
  }

  private JsonNode read() {
    try {
      JsonNode tree = mapper.readTree(Files.readAllBytes(configFile));
      return tree == null ? mapper.missingNode() : tree;
    } catch (NoSuchFileException e) {
      return mapper.missingNode();
    } catch (JsonProcessingException e) {
      // Jackson's message may quote the file's content: say only where it breaks.
      throw unreadable(
          configFile
              + " is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    } catch (IOException e) {
      throw unreadable("cannot read " + configFile + ": " + e.getClass().getSimpleName());
    }
  }

  /** "https://HOST/v1/" and "http://HOST" name HOST, as the CLI's ConvertToHostname says. */
  static String hostOf(String key) {
    String host = key;
    if (host.startsWith("http://")) {
      host = host.substring("http://".length());
    } else if (host.startsWith("https://")) {
      host = host.substring("https://".length());
    }
    int slash = host.indexOf('/');
    return slash < 0 ? host : host.substring(0, slash);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
  }

  private static ImagePullException unreadable(String what) {
    return new ImagePullException(Reason.UNAUTHORIZED, "registry credentials: " + what);
  }
}
