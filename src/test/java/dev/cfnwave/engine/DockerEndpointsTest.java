package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.InputException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerEndpointsTest {

  /** sha256("remote"), as `printf remote | sha256sum` prints it: the CLI's folder name. */
  private static final String REMOTE_FOLDER =
      "b71199ebd070b36beab7317920c2c2f1d777df8d05e5527d8458fda57cb17a7a";

  @TempDir Path temp;
  Path config;
  final Map<String, String> environment = new HashMap<>();

  @BeforeEach
  void isolate() throws IOException {
    config = Files.createDirectories(temp.resolve("docker-config"));
    environment.put("HOME", temp.toString());
    environment.put("DOCKER_CONFIG", config.toString());
  }

  @Test
  void nothingSetMeansTheLocalSocketWithoutTls() {
    environment.remove("DOCKER_CONFIG");
    DockerEndpoint endpoint = DockerEndpoints.resolve(environment);
    assertThat(endpoint.host()).isEqualTo(URI.create("unix:///var/run/docker.sock"));
    assertThat(endpoint.tls()).isNull();
  }

  @Test
  void configFolderDefaultsToDotDockerInHome() {
    environment.remove("DOCKER_CONFIG");
    assertThat(DockerEndpoints.configFolder(environment)).isEqualTo(temp.resolve(".docker"));
  }

  @Test
  void dockerHostBeatsDockerContextAndCurrentContext() throws IOException {
    context("remote", "tcp://10.0.0.1:2376");
    currentContext("remote");
    environment.put("DOCKER_CONTEXT", "remote");
    environment.put("DOCKER_HOST", "tcp://10.0.0.9:2375");
    assertThat(DockerEndpoints.resolve(environment).host())
        .isEqualTo(URI.create("tcp://10.0.0.9:2375"));
  }

  @Test
  void dockerHostIgnoresAnUnknownContext() {
    environment.put("DOCKER_CONTEXT", "nowhere");
    environment.put("DOCKER_HOST", "unix:///run/other.sock");
    assertThat(DockerEndpoints.resolve(environment).host())
        .isEqualTo(URI.create("unix:///run/other.sock"));
  }

  @Test
  void dockerContextBeatsCurrentContext() throws IOException {
    context("remote", "tcp://10.0.0.1:2376");
    context("other", "tcp://10.0.0.2:2376");
    currentContext("other");
    environment.put("DOCKER_CONTEXT", "remote");
    assertThat(DockerEndpoints.resolve(environment).host())
        .isEqualTo(URI.create("tcp://10.0.0.1:2376"));
  }

  @Test
  void currentContextIsUsedWhenNothingElseIsSet() throws IOException {
    context("remote", "tcp://10.0.0.1:2376");
    currentContext("remote");
    DockerEndpoint endpoint = DockerEndpoints.resolve(environment);
    assertThat(endpoint.host()).isEqualTo(URI.create("tcp://10.0.0.1:2376"));
    assertThat(endpoint.tls()).isNull();
  }

  @Test
  void contextMetaIsFoundUnderTheSha256OfItsName() throws IOException {
    Path meta = config.resolve("contexts/meta/" + REMOTE_FOLDER + "/meta.json");
    Files.createDirectories(meta.getParent());
    Files.writeString(
        meta,
        "{\"Name\":\"remote\",\"Metadata\":{},\"Endpoints\":{\"docker\":"
            + "{\"Host\":\"tcp://192.0.2.7:2376\",\"SkipTLSVerify\":false}}}");
    environment.put("DOCKER_CONTEXT", "remote");
    assertThat(DockerEndpoints.resolve(environment).host())
        .isEqualTo(URI.create("tcp://192.0.2.7:2376"));
  }

  @Test
  void defaultContextMeansTheLocalSocket() throws IOException {
    currentContext("default");
    assertThat(DockerEndpoints.resolve(environment).host())
        .isEqualTo(URI.create("unix:///var/run/docker.sock"));
  }

  @Test
  void unknownDockerContextIsOneLineNamingTheVariable() {
    environment.put("DOCKER_CONTEXT", "nowhere");
    assertThatThrownBy(() -> DockerEndpoints.resolve(environment))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("DOCKER_CONTEXT=nowhere: no such Docker context")
        .hasMessageNotContaining("\n");
  }

  @Test
  void unknownCurrentContextNamesTheConfigFile() throws IOException {
    currentContext("gone");
    assertThatThrownBy(() -> DockerEndpoints.resolve(environment))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(
            "currentContext in " + config.resolve("config.json") + ": no such Docker context");
  }

  @Test
  void contextWithTlsFolderUsesItsMaterial() throws IOException {
    context("remote", "tcp://10.0.0.1:2376");
    Path tls = tlsFolder("remote", "ca.pem", "cert.pem", "key.pem");
    environment.put("DOCKER_CONTEXT", "remote");
    DockerEndpoint endpoint = DockerEndpoints.resolve(environment);
    assertThat(endpoint.tls().folder()).isEqualTo(tls);
    assertThat(endpoint.tls().clientCertificate()).isTrue();
  }

  @Test
  void contextWithCertButNoKeyNamesTheMissingFile() throws IOException {
    context("remote", "tcp://10.0.0.1:2376");
    Path tls = tlsFolder("remote", "ca.pem", "cert.pem");
    environment.put("DOCKER_CONTEXT", "remote");
    assertThatThrownBy(() -> DockerEndpoints.resolve(environment))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(
            "DOCKER_CONTEXT=remote (context 'remote'): " + tls.resolve("key.pem"));
  }

  @Test
  void contextThatSkipsTlsVerificationIsRefused() throws IOException {
    Path meta = config.resolve("contexts/meta/" + REMOTE_FOLDER + "/meta.json");
    Files.createDirectories(meta.getParent());
    Files.writeString(
        meta,
        "{\"Name\":\"remote\",\"Endpoints\":{\"docker\":"
            + "{\"Host\":\"tcp://10.0.0.1:2376\",\"SkipTLSVerify\":true}}}");
    environment.put("DOCKER_CONTEXT", "remote");
    assertThatThrownBy(() -> DockerEndpoints.resolve(environment))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("skips TLS verification");
  }

  @Test
  void tlsVerifyTakesMaterialFromCertPath() throws IOException {
    Path certs = files(temp.resolve("certs"), "ca.pem", "cert.pem", "key.pem");
    environment.put("DOCKER_HOST", "tcp://10.0.0.1:2376");
    environment.put("DOCKER_TLS_VERIFY", "1");
    environment.put("DOCKER_CERT_PATH", certs.toString());
    DockerEndpoint endpoint = DockerEndpoints.resolve(environment);
    assertThat(endpoint.tls().folder()).isEqualTo(certs);
    assertThat(endpoint.tls().clientCertificate()).isTrue();
  }

  @Test
  void anyNonEmptyTlsVerifyMeansTlsAsForTheCli() throws IOException {
    files(config, "ca.pem");
    environment.put("DOCKER_HOST", "tcp://10.0.0.1:2376");
    environment.put("DOCKER_TLS_VERIFY", "0");
    DockerEndpoint endpoint = DockerEndpoints.resolve(environment);
    assertThat(endpoint.tls().folder()).isEqualTo(config);
    assertThat(endpoint.tls().clientCertificate()).isFalse();
  }

  @Test
  void emptyTlsVerifyMeansPlainHttp() {
    environment.put("DOCKER_HOST", "tcp://10.0.0.1:2375");
    environment.put("DOCKER_TLS_VERIFY", "");
    environment.put("DOCKER_CERT_PATH", temp.resolve("nowhere").toString());
    assertThat(DockerEndpoints.resolve(environment).tls()).isNull();
  }

  @Test
  void tlsVerifyWithoutHostGoesToLocalhost2376() throws IOException {
    files(config, "ca.pem");
    environment.put("DOCKER_TLS_VERIFY", "1");
    assertThat(DockerEndpoints.resolve(environment).host())
        .isEqualTo(URI.create("tcp://localhost:2376"));
  }

  @Test
  void tlsIsIgnoredOnAUnixSocket() {
    environment.put("DOCKER_HOST", "unix:///run/docker.sock");
    environment.put("DOCKER_TLS_VERIFY", "1");
    environment.put("DOCKER_CERT_PATH", temp.resolve("nowhere").toString());
    assertThat(DockerEndpoints.resolve(environment).tls()).isNull();
  }

  @Test
  void missingCaIsOneLineNamingTheVariableAndFile() {
    Path certs = temp.resolve("empty");
    environment.put("DOCKER_HOST", "tcp://10.0.0.1:2376");
    environment.put("DOCKER_TLS_VERIFY", "1");
    environment.put("DOCKER_CERT_PATH", certs.toString());
    assertThatThrownBy(() -> DockerEndpoints.resolve(environment))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(
            "DOCKER_CERT_PATH=" + certs + ": " + certs.resolve("ca.pem") + " does not exist");
  }

  @Test
  void keyWithoutCertNamesTheMissingCert() throws IOException {
    Path certs = files(temp.resolve("certs"), "ca.pem", "key.pem");
    environment.put("DOCKER_HOST", "tcp://10.0.0.1:2376");
    environment.put("DOCKER_TLS_VERIFY", "1");
    environment.put("DOCKER_CERT_PATH", certs.toString());
    assertThatThrownBy(() -> DockerEndpoints.resolve(environment))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(certs.resolve("cert.pem") + " does not exist");
  }

  @Test
  void hostsAreParsedAsTheCliParsesThem() {
    assertThat(DockerEndpoint.of("10.0.0.1:2376", null, "x").host())
        .isEqualTo(URI.create("tcp://10.0.0.1:2376"));
    assertThat(DockerEndpoint.of("tcp://10.0.0.1", null, "x").host())
        .isEqualTo(URI.create("tcp://10.0.0.1:2375"));
    assertThatThrownBy(() -> DockerEndpoint.of("ssh://me@host", null, "DOCKER_HOST=ssh://me@host"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("DOCKER_HOST=ssh://me@host: ");
  }

  private void context(String name, String host) throws IOException {
    Path meta = config.resolve("contexts/meta/" + DockerContexts.sha256(name) + "/meta.json");
    Files.createDirectories(meta.getParent());
    Files.writeString(
        meta, "{\"Name\":\"" + name + "\",\"Endpoints\":{\"docker\":{\"Host\":\"" + host + "\"}}}");
  }

  private Path tlsFolder(String name, String... names) throws IOException {
    return files(config.resolve("contexts/tls/" + DockerContexts.sha256(name) + "/docker"), names);
  }

  private void currentContext(String name) throws IOException {
    Files.writeString(config.resolve("config.json"), "{\"currentContext\":\"" + name + "\"}");
  }

  private static Path files(Path folder, String... names) throws IOException {
    Files.createDirectories(folder);
    for (String name : names) {
      Files.writeString(folder.resolve(name), "not read here");
    }
    return folder;
  }
}
