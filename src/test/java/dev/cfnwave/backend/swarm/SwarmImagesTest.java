package dev.cfnwave.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.backend.AttemptPhase;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.ImagePullException;
import dev.cfnwave.backend.RemoteImage;
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
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services carry the image's registry credentials as the docker CLI's --with-registry-auth does.
 */
class SwarmImagesTest {

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

  private SwarmImages auth(String configJson) throws IOException {
    Files.writeString(config.resolve("config.json"), configJson);
    RegistryCredentials credentials =
        RegistryCredentials.of(Map.of("DOCKER_CONFIG", config.toString(), "PATH", "/nowhere"));
    return new SwarmImages(() -> credentials, image -> Optional.empty(), mapper);
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
    SwarmImages auth = auth("{\"credsStore\":\"absent\"}");
    assertThat(auth.headers("10.213.1.1:5000/team/agent:1", listener)).isEmpty();
    assertThat(auth.headers("10.213.1.1:5000/team/other:1", listener)).isEmpty();
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("without registry credentials", "docker-credential-absent");
  }

  private static final String IMAGE = "10.213.1.1:5000/cfn-test/agent:1";

  private JsonNode rejected(String state) throws IOException {
    return mapper.readTree(
        ("{'ServiceID':'svc1','NodeID':'node7','CreatedAt':'2026-01-01T00:00:00Z',"
                + "'Spec':{'ContainerSpec':{'Image':'"
                + IMAGE
                + "'}},'Status':{'State':'"
                + state
                + "','Timestamp':'2026-01-01T00:00:05Z','Err':'No such image: "
                + IMAGE
                + "','ContainerStatus':{}}}")
            .replace('\'', '"'));
  }

  private AttemptStatus statusOf(JsonNode task) throws IOException {
    JsonNode service = mapper.readTree("{\"ID\":\"svc1\",\"Spec\":{\"Name\":\"cfn-b1\"}}");
    return SwarmTasks.status(service, task);
  }

  private SwarmImages explaining(Function<String, Optional<RemoteImage>> lookup)
      throws IOException {
    Files.writeString(config.resolve("config.json"), "{}");
    RegistryCredentials credentials =
        RegistryCredentials.of(Map.of("DOCKER_CONFIG", config.toString(), "PATH", "/nowhere"));
    return new SwarmImages(() -> credentials, lookup, mapper);
  }

  @Test
  void aTaskRejectedForWantOfItsImageSaysWhatTheRegistrySays() throws IOException {
    List<String> asked = new ArrayList<>();
    SwarmImages images =
        explaining(
            image -> {
              asked.add(image);
              throw new ImagePullException(
                  ImagePullException.Reason.UNAUTHORIZED,
                  "registry 10.213.1.1:5000 needs credentials for cfn-test/agent:1 and none were"
                      + " found in /root/.docker/config.json");
            });
    JsonNode task = rejected("rejected");

    AttemptStatus explained = images.explain(statusOf(task), task);
    images.explain(statusOf(task), task);

    assertThat(explained.phase()).isEqualTo(AttemptPhase.REJECTED);
    assertThat(explained.error())
        .isEqualTo(
            "node node7 rejected the task: No such image: "
                + IMAGE
                + " (the node could not pull it: registry 10.213.1.1:5000 needs credentials for"
                + " cfn-test/agent:1 and none were found in /root/.docker/config.json)");
    assertThat(asked).containsExactly(IMAGE);
  }

  @Test
  void anImageTheRegistryServesTheManagerPointsAtTheNode() throws IOException {
    JsonNode task = rejected("rejected");
    AttemptStatus explained =
        explaining(image -> Optional.of(new RemoteImage("sha256:ab", 950)))
            .explain(statusOf(task), task);
    assertThat(explained.error())
        .endsWith(
            "(the registry serves it to the manager with the credentials from "
                + config.resolve("config.json")
                + ", yet the node could not pull it: its engine's log says why)");
  }

  @Test
  void aRegistryThatDoesNotAnswerLeavesTheAdviceToCopyTheImage() throws IOException {
    JsonNode task = rejected("rejected");
    AttemptStatus status = statusOf(task);
    assertThat(explaining(image -> Optional.empty()).explain(status, task)).isSameAs(status);
    assertThat(status.error()).contains("docker save " + IMAGE);
  }

  @Test
  void noSuchTagKeepsTheAdviceToCopyTheImage() throws IOException {
    JsonNode task = rejected("rejected");
    AttemptStatus explained =
        explaining(
                image -> {
                  throw new ImagePullException(
                      ImagePullException.Reason.NOT_FOUND,
                      "no tag 1 of cfn-test/agent in registry 10.213.1.1:5000");
                })
            .explain(statusOf(task), task);
    assertThat(explained.error())
        .contains(
            "No such image: "
                + IMAGE
                + " (the node could not pull it: no tag 1 of cfn-test/agent in registry"
                + " 10.213.1.1:5000) (every node that may run it needs the image: docker save "
                + IMAGE);
  }

  @Test
  void otherStatusesAreLeftAsTheyAre() throws IOException {
    JsonNode task = rejected("failed");
    AttemptStatus status = statusOf(task);
    assertThat(
            explaining(
                    image -> {
                      throw new AssertionError("not asked");
                    })
                .explain(status, task))
        .isSameAs(status);
  }
}
