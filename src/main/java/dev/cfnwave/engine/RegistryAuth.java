package dev.cfnwave.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * One registry's credentials as the docker CLI would find them, and where they were found. {@code
 * source} is words for messages ("auths in /root/.docker/config.json"); for anonymous access it
 * says where none were found. Nothing of the credentials themselves is ever in {@link #toString()}
 * or in a message built from this record.
 *
 * @param serverAddress the registry's key ("HOST:PORT", Docker Hub's "https://index.docker.io/v1/")
 * @param username null when anonymous or when an identity token stands alone
 * @param password null when anonymous or with an identity token
 * @param identityToken an OAuth refresh token in place of a password, or null
 */
public record RegistryAuth(
    String serverAddress, String username, String password, String identityToken, String source) {

  /** The header that carries a registry's credentials to the Engine API. */
  public static final String HEADER = "X-Registry-Auth";

  /** No credentials: {@code source} says where none were found. */
  static RegistryAuth anonymous(String serverAddress, String source) {
    return new RegistryAuth(serverAddress, null, null, null, source);
  }

  public boolean isAnonymous() {
    return isEmpty(username) && isEmpty(password) && isEmpty(identityToken);
  }

  /**
   * The X-Registry-Auth header's value as the docker CLI encodes it (base64url of the JSON auth
   * config), or empty when anonymous: then no header is sent.
   */
  public Optional<String> header(ObjectMapper mapper) {
    if (isAnonymous()) {
      return Optional.empty();
    }
    ObjectNode json = mapper.createObjectNode();
    if (!isEmpty(identityToken)) {
      json.put("identitytoken", identityToken);
    } else {
      json.put("username", username);
      json.put("password", password);
    }
    json.put("serveraddress", serverAddress);
    try {
      byte[] bytes = mapper.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
      return Optional.of(Base64.getUrlEncoder().encodeToString(bytes));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an object of strings always serializes", e);
    }
  }

  private static boolean isEmpty(String text) {
    return text == null || text.isEmpty();
  }

  @Override
  public String toString() {
    String kind =
        isAnonymous() ? "none" : !isEmpty(identityToken) ? "identity token" : "user and password";
    return "RegistryAuth[" + serverAddress + ", credentials: " + kind + ", from " + source + "]";
  }
}
