package dev.cfnwave.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfnwave.InputException;
import dev.cfnwave.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerTlsTest {

  @TempDir Path temp;

  @Test
  void buildsAContextFromOpensslMaterial() throws Exception {
    TestCertificates certificates = TestCertificates.make(temp);
    assertThat(DockerTls.in(certificates.client(), "DOCKER_CERT_PATH").sslContext()).isNotNull();
  }

  @Test
  void caAloneIsEnoughToVerifyTheEngine() throws Exception {
    TestCertificates certificates = TestCertificates.make(temp);
    Path caOnly = Files.createDirectories(temp.resolve("ca-only"));
    Files.copy(certificates.client().resolve("ca.pem"), caOnly.resolve("ca.pem"));
    DockerTls tls = DockerTls.in(caOnly, "DOCKER_CERT_PATH");
    assertThat(tls.clientCertificate()).isFalse();
    assertThat(tls.sslContext()).isNotNull();
  }

  @Test
  void caWithoutCertificateIsOneLineNamingTheFile() throws Exception {
    Path folder = Files.createDirectories(temp.resolve("bad"));
    Files.writeString(folder.resolve("ca.pem"), "not a certificate\n");
    assertThatThrownBy(() -> DockerTls.in(folder, "DOCKER_CERT_PATH=" + folder).sslContext())
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(
            "DOCKER_CERT_PATH=" + folder + ": " + folder.resolve("ca.pem") + " holds no PEM")
        .hasMessageNotContaining("\n");
  }

  @Test
  void unreadableKeyIsOneLineNamingTheFolder() throws Exception {
    TestCertificates certificates = TestCertificates.make(temp);
    Files.writeString(certificates.client().resolve("key.pem"), "not a key\n");
    assertThatThrownBy(() -> DockerTls.in(certificates.client(), "DOCKER_CERT_PATH").sslContext())
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(
            "DOCKER_CERT_PATH: cannot use the certificates in " + certificates.client())
        .hasMessageNotContaining("\n");
  }
}
