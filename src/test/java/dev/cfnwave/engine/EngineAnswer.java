package dev.cfnwave.engine;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** An engine's answer for fakes of docker-java's transport: a status and a body. */
public record EngineAnswer(int status, String body) implements DockerHttpClient.Response {
  @Override
  public int getStatusCode() {
    return status;
  }

  @Override
  public Map<String, List<String>> getHeaders() {
    return Map.of();
  }

  @Override
  public InputStream getBody() {
    return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {}
}
