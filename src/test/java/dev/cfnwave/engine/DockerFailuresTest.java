package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** An engine's error answer reaches users as its message, never as docker-java's raw JSON. */
class DockerFailuresTest {

  private static final URI HOST = URI.create("unix:///var/run/docker.sock");

  @Test
  void anErrorAnswerIsTheEnginesMessageOnly() {
    var failure =
        new InternalServerErrorException(
            "{\"message\":\"driver failed programming external connectivity on endpoint x\"}\n");

    assertThat(DockerFailures.translate(failure, HOST).getMessage())
        .isEqualTo(
            "engine answered 500: driver failed programming external connectivity on endpoint x");
  }

  @Test
  void escapedCharactersAreReadAsTheEngineMeantThem() {
    var failure =
        new DockerException("{\"message\":\"No such image: \\\"agent:1\\\"\\nmore\"}", 404);

    assertThat(DockerFailures.translate(failure, HOST).getMessage())
        .isEqualTo("engine answered 404: No such image: \"agent:1\"")
        .doesNotContain("{", "Status");
  }

  @Test
  void aBodyThatIsNoErrorObjectIsKeptToItsFirstLine() {
    var failure = new DockerException("page not found\n<html>", 404);

    assertThat(DockerFailures.translate(failure, HOST).getMessage())
        .isEqualTo("engine answered 404: page not found");
  }

  @Test
  void anErrorObjectWithoutAMessageIsKept() {
    assertThat(DockerFailures.engineMessage("Status 500: {\"cause\":\"x\"}"))
        .isEqualTo("{\"cause\":\"x\"}");
  }
}
