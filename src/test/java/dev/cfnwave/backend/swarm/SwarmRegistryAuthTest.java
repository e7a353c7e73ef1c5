package dev.cfnwave.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.engine.RegistryAuth;
import dev.cfnwave.engine.RegistryCredentials;
import dev.cfnwave.event.WaveListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services carry the image's registry credentials as the docker CLI's --with-registry-auth does.
 */
class SwarmRegistryAuthTest {

  @TempDir Path config;
  final ObjectMapper mapper = new ObjectMapper();
  final List<String> warnings = new ArrayList<>();
  final WaveListener listener =
      new WaveListener() {
        @Override
        public void on(dev.cfnwave.event.WaveEvent event) {}

        @Override
        public void warn(String message) {
          warnings.add(message);
        }
      };

  private SwarmRegistryAuth auth(String configJson) throws IOException {
    Files.writeString(config.resolve("config.json"), configJson);
    RegistryCredentials credentials =
        RegistryCredentials.of(Map.of("DOCKER_CONFIG", config.toString(), "PATH", "/nowhere"));
    return new SwarmRegistryAuth(() -> credentials, mapper);
  }

  @Test
  void theImagesRegistryCredentialsGoInXRegistryAuth() throws IOException {
    String basic = Base64.getEncoder().encodeToString("team:pw".getBytes(StandardCharsets.UTF_8));
    Map<String, String> headers =
        auth("{\"auths\":{\"10.213.1.1:5000\":{\"auth\":\"" + basic + "\"}}}")
            .headers("10.213.1.1:5000/team/agent:1", listener);
    JsonNode sent =
        mapper.readTree(Base64.getUrlDecoder().decode(headers.get(RegistryAuth.HEADER)));
    assertThat(sent.path("username").asText()).isEqualTo("team");
    assertThat(sent.path("password").asText()).isEqualTo("pw");
    assertThat(sent.path("serveraddress").asText()).isEqualTo("10.213.1.1:5000");
  }

  @Test
  void noCredentialsSendNoHeader() throws IOException {
    assertThat(auth("{}").headers("10.213.1.1:5000/team/agent:1", listener)).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void unreadableCredentialsAreWarnedOfOnceAndTheServiceGoesWithout() throws IOException {
    SwarmRegistryAuth auth = auth("{\"credsStore\":\"absent\"}");
    assertThat(auth.headers("10.213.1.1:5000/team/agent:1", listener)).isEmpty();
    assertThat(auth.headers("10.213.1.1:5000/team/other:1", listener)).isEmpty();
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("without registry credentials", "docker-credential-absent");
  }
}
