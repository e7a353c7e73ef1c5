package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfnwave.backend.PullProgress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullStreamTest {

  private final ObjectMapper mapper = new ObjectMapper();
  private final List<String> told = new ArrayList<>();
  private final PullProgress progress =
      (image, layersDone, layersTotal, bytesDone, bytesTotal) ->
          told.add(layersDone + "/" + layersTotal + " " + bytesDone + "/" + bytesTotal);

  private String read(String lines) throws IOException {
    return new PullStream("img", progress)
        .read(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), mapper);
  }

  @Test
  void docker26sStreamCountsLayersAndBytesSeenSoFar() throws IOException {
    // A real pull from Docker 26.1.5: one layer there already, two of 6 MB and 3 MB downloaded.
    try (InputStream stream = getClass().getResourceAsStream("/engine/pull-docker26.jsonl")) {
      assertThat(new PullStream("img", progress).read(stream, mapper)).isNull();
    }
    assertThat(told.getFirst()).isEqualTo("1/1 0/0");
    assertThat(told).contains("1/3 36445/3001119", "1/3 3001119/3001119");
    assertThat(told).contains("1/3 3070332/9003147", "2/3 9003147/9003147");
    assertThat(told.getLast()).isEqualTo("3/3 9003147/9003147");
    List<Long> bytesDone =
        told.stream().map(t -> Long.parseLong(t.split(" ")[1].split("/")[0])).toList();
    assertThat(bytesDone).isSorted();
  }

  @Test
  void linesAboutTheImageAreNotLayers() throws IOException {
    read(
        """
        {"status":"Pulling from team/agent","id":"1"}
        {"status":"Digest: sha256:3340aa4c6c56c33db4b97189c87f6cc29fa16e8eac96c285ec876cc53785dd6d"}
        {"status":"Status: Image is up to date for 127.0.0.1:5055/team/agent:1"}
        """);
    assertThat(told).isEmpty();
  }

  @Test
  void podmansLayersAreDoneWhenTheStreamEnds() throws IOException {
    // Podman 4.3's compat pull: no bytes, no "Pull complete".
    read(
        """
        {"status":"Pulling fs layer","progressDetail":{},"id":"c25eed6784b3"}
        {"status":"Download complete","progressDetail":{},"id":"c25eed6784b3"}
        {"status":"Pulling fs layer","progressDetail":{},"id":"dd7bb8d3c4c2"}
        {"status":"Download complete","progressDetail":{},"id":"dd7bb8d3c4c2"}
        """);
    assertThat(told).containsExactly("0/1 0/0", "0/2 0/0", "2/2 0/0");
  }

  @Test
  void anErrorLineEndsTheReadWithTheEnginesWords() throws IOException {
    String error =
        read(
            """
            {"status":"Pulling fs layer","progressDetail":{},"id":"aa"}
            {"errorDetail":{"message":"failed to register layer: no space left on device"},"error":"failed to register layer: no space left on device"}
            {"status":"Pull complete","progressDetail":{},"id":"aa"}
            """);
    assertThat(error).isEqualTo("failed to register layer: no space left on device");
    assertThat(told).containsExactly("0/1 0/0");
  }

  @Test
  void podmansErrorLineIsAnError() throws IOException {
    String error =
        read(
            "{\"progressDetail\":{},\"errorDetail\":{\"message\":\"initializing source"
                + " docker://127.0.0.1:5055/team/small:1: reading manifest 1 in"
                + " 127.0.0.1:5055/team/small: unauthorized: authentication required\"},\"error\":"
                + "\"initializing source docker://127.0.0.1:5055/team/small:1: ...\"}");
    assertThat(error).endsWith("unauthorized: authentication required");
  }

  @Test
  void aFailingListenerDoesNotEndThePull() throws IOException {
    String error =
        new PullStream(
                "img",
                (i, a, b, c, d) -> {
                  throw new IllegalStateException("renderer broke");
                })
            .read(
                new ByteArrayInputStream(
                    "{\"status\":\"Already exists\",\"id\":\"aa\"}"
                        .getBytes(StandardCharsets.UTF_8)),
                mapper);
    assertThat(error).isNull();
  }
}
