package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.backend.ImagePullException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCredentialsTest {

  private static final String SECRET = "s3cr3t-value";
  private static final String REGISTRY = "127.0.0.1:5000";

  @TempDir Path temp;
  final List<String> asked = new ArrayList<>();
  RegistryCredentials.HelperAnswer answer =
      new RegistryCredentials.HelperAnswer(
          0,
          "{\"ServerURL\":\"127.0.0.1:5000\",\"Username\":\"team\",\"Secret\":\"" + SECRET + "\"}");

  private RegistryCredentials credentials(String configJson) throws IOException {
    Path file = temp.resolve("config.json");
    Files.writeString(file, configJson);
    return new RegistryCredentials(file, this::helper);
  }

  private RegistryCredentials.HelperAnswer helper(String name, String serverAddress) {
    asked.add(name + " " + serverAddress);
    return answer;
  }

  private static String basic(String user, String password) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void authsGiveTheBase64UserAndPassword() throws IOException {
    RegistryAuth auth =
        credentials(
                "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + basic("team", "pa:ss") + "\"}}}")
            .forImage("127.0.0.1:5000/team/agent:1");
    assertThat(auth.username()).isEqualTo("team");
    assertThat(auth.password()).isEqualTo("pa:ss");
    assertThat(auth.source()).isEqualTo("auths in " + temp.resolve("config.json"));
    assertThat(asked).isEmpty();
  }

  @Test
  void authsMayGiveUsernameAndPasswordOrAnIdentityToken() throws IOException {
    RegistryCredentials credentials =
        credentials(
            "{\"auths\":{\"a.example\":{\"username\":\"u\",\"password\":\"p\"},"
                + "\"b.example\":{\"identitytoken\":\"tok\"}}}");
    assertThat(credentials.forImage("a.example/x").password()).isEqualTo("p");
    RegistryAuth token = credentials.forImage("b.example/x");
    assertThat(token.identityToken()).isEqualTo("tok");
    assertThat(token.isAnonymous()).isFalse();
  }

  @Test
  void authsKeysWithSchemeOrPathNameTheSameHost() throws IOException {
    RegistryCredentials credentials =
        credentials(
            "{\"auths\":{\"https://127.0.0.1:5000/v1/\":{\"auth\":\"" + basic("u", "p") + "\"}}}");
    assertThat(credentials.forImage("127.0.0.1:5000/team/agent").username()).isEqualTo("u");
    assertThat(RegistryCredentials.hostOf("http://h.example:5000")).isEqualTo("h.example:5000");
  }

  @Test
  void dockerHubImagesUseTheIndexKey() throws IOException {
    RegistryAuth auth =
        credentials(
                "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
                    + basic("hubuser", "p")
                    + "\"}}}")
            .forImage("team/agent:1");
    assertThat(auth.username()).isEqualTo("hubuser");
    assertThat(auth.serverAddress()).isEqualTo("https://index.docker.io/v1/");
  }

  @Test
  void noEntryMeansAnonymousNamingTheFile() throws IOException {
    RegistryAuth auth = credentials("{\"auths\":{}}").forImage("127.0.0.1:5000/team/agent:1");
    assertThat(auth.isAnonymous()).isTrue();
    assertThat(auth.source()).isEqualTo(temp.resolve("config.json").toString());
    assertThat(auth.header(new ObjectMapper())).isEmpty();
  }

  @Test
  void noFileMeansAnonymousSayingSo() {
    RegistryAuth auth =
        new RegistryCredentials(temp.resolve("nowhere.json"), this::helper).forRegistry(REGISTRY);
    assertThat(auth.isAnonymous()).isTrue();
    assertThat(auth.source()).endsWith("nowhere.json (there is no such file)");
  }

  @Test
  void credHelpersBeatCredsStoreWhichBeatsAuths() throws IOException {
    RegistryCredentials credentials =
        credentials(
            "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\""
                + basic("fromfile", "p")
                + "\"}},\"credsStore\":\"store\",\"credHelpers\":{\"127.0.0.1:5000\":\"special\"}}");
    RegistryAuth auth = credentials.forRegistry(REGISTRY);
    assertThat(asked).containsExactly("special 127.0.0.1:5000");
    assertThat(auth.username()).isEqualTo("team");
    assertThat(auth.password()).isEqualTo(SECRET);
    assertThat(auth.source())
        .isEqualTo(
            "credential helper docker-credential-special (credHelpers in "
                + temp.resolve("config.json")
                + ")");
    credentials.forRegistry("other.example");
    assertThat(asked).containsExactly("special 127.0.0.1:5000", "store other.example");
  }

  @Test
  void eachRegistryIsAskedOnce() throws IOException {
    RegistryCredentials credentials = credentials("{\"credsStore\":\"store\"}");
    credentials.forImage("127.0.0.1:5000/a");
    credentials.forImage("127.0.0.1:5000/b:2");
    assertThat(asked).hasSize(1);
  }

  @Test
  void aTokenUsernameMeansTheSecretIsAnIdentityToken() throws IOException {
    answer =
        new RegistryCredentials.HelperAnswer(
            0, "{\"ServerURL\":\"x\",\"Username\":\"<token>\",\"Secret\":\"refresh\"}");
    RegistryAuth auth = credentials("{\"credsStore\":\"store\"}").forRegistry(REGISTRY);
    assertThat(auth.identityToken()).isEqualTo("refresh");
    assertThat(auth.username()).isNull();
    assertThat(auth.password()).isNull();
  }

  @Test
  void aHelperWithoutCredentialsMeansAnonymous() throws IOException {
    answer = new RegistryCredentials.HelperAnswer(1, "credentials not found in native keychain\n");
    RegistryAuth auth = credentials("{\"credsStore\":\"store\"}").forRegistry(REGISTRY);
    assertThat(auth.isAnonymous()).isTrue();
    assertThat(auth.source())
        .startsWith("credential helper docker-credential-store (credsStore in");
  }

  @Test
  void aFailingHelperSaysWhichAndNothingOfItsOutput() throws IOException {
    answer = new RegistryCredentials.HelperAnswer(3, "oops " + SECRET);
    RegistryCredentials credentials = credentials("{\"credsStore\":\"store\"}");
    assertThatThrownBy(() -> credentials.forRegistry(REGISTRY))
        .isInstanceOfSatisfying(
            ImagePullException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ImagePullException.Reason.UNAUTHORIZED);
              assertThat(e.getMessage())
                  .contains("docker-credential-store", "exit 3")
                  .doesNotContain(SECRET);
            });
  }

  @Test
  void aMissingOrSlowHelperIsNamed() throws IOException {
    Path file = temp.resolve("config.json");
    Files.writeString(file, "{\"credsStore\":\"gone\"}");
    assertThatThrownBy(() -> new RegistryCredentials(file, (n, s) -> null).forRegistry(REGISTRY))
        .hasMessageContaining("docker-credential-gone (credsStore in")
        .hasMessageContaining("is not on PATH");
    assertThatThrownBy(
            () ->
                new RegistryCredentials(
                        file,
                        (n, s) -> {
                          throw new TimeoutException();
                        })
                    .forRegistry(REGISTRY))
        .hasMessageContaining("did not answer within");
  }

  @Test
  void aHelperAnsweringNonsenseIsNotQuoted() throws IOException {
    answer = new RegistryCredentials.HelperAnswer(0, "user " + SECRET);
    RegistryCredentials credentials = credentials("{\"credsStore\":\"store\"}");
    assertThatThrownBy(() -> credentials.forRegistry(REGISTRY))
        .hasMessageContaining("something other than JSON")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void brokenJsonIsPlacedButNotQuoted() throws IOException {
    RegistryCredentials credentials =
        credentials("{\"auths\": {\"x\": {\"auth\": " + SECRET + "}}");
    assertThatThrownBy(() -> credentials.forRegistry(REGISTRY))
        .isInstanceOf(ImagePullException.class)
        .hasMessageContaining("is not valid JSON (line 1")
        .hasMessageNotContaining(SECRET)
        .hasNoCause();
  }

  @Test
  void anAuthThatIsNotUserColonPasswordIsRefused() throws IOException {
    String noColon = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
    RegistryCredentials credentials =
        credentials("{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + noColon + "\"}}}");
    assertThatThrownBy(() -> credentials.forRegistry(REGISTRY))
        .hasMessageContaining("is not user:password")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void theHeaderIsTheClisBase64UrlJson() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    RegistryAuth auth = new RegistryAuth(REGISTRY, "team", "p?>>", null, "auths in x");
    String header = auth.header(mapper).orElseThrow();
    assertThat(header).doesNotContain("+", "/");
    JsonNode json = mapper.readTree(Base64.getUrlDecoder().decode(header));
    assertThat(json.path("username").asText()).isEqualTo("team");
    assertThat(json.path("password").asText()).isEqualTo("p?>>");
    assertThat(json.path("serveraddress").asText()).isEqualTo(REGISTRY);
    JsonNode token =
        mapper.readTree(
            Base64.getUrlDecoder()
                .decode(
                    new RegistryAuth(REGISTRY, null, null, "tok", "x")
                        .header(mapper)
                        .orElseThrow()));
    assertThat(token.path("identitytoken").asText()).isEqualTo("tok");
    assertThat(token.has("password")).isFalse();
  }

  @Test
  void toStringShowsNoSecret() {
    RegistryAuth auth =
        new RegistryAuth(REGISTRY, "team-user", SECRET, "tok-" + SECRET, "auths in x");
    assertThat(auth.toString())
        .doesNotContain(SECRET)
        .doesNotContain("team-user")
        .contains(REGISTRY, "auths in x");
    assertThat(new RegistryCredentials.HelperAnswer(0, SECRET).toString()).doesNotContain(SECRET);
  }
}
