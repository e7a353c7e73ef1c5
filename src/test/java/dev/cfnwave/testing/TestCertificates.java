package dev.cfnwave.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away CA with a server certificate for 127.0.0.1 and a client certificate, made by openssl
 * in a folder: server/{ca,cert,key}.pem for dockerd, client/{ca,cert,key}.pem for a client (the
 * layout DOCKER_CERT_PATH expects).
 */
public record TestCertificates(Path server, Path client) {

  public static TestCertificates make(Path folder) throws IOException, InterruptedException {
    Path work = Files.createDirectories(folder.resolve("openssl"));
    Path server = Files.createDirectories(folder.resolve("server"));
    Path client = Files.createDirectories(folder.resolve("client"));
    Files.writeString(
        work.resolve("server.ext"),
        "subjectAltName=IP:127.0.0.1\n" + "extendedKeyUsage=serverAuth\n");
    Files.writeString(work.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
    openssl(work, "genrsa", "-out", "ca-key.pem", "2048");
    openssl(
        work,
        "req",
        "-x509",
        "-new",
        "-key",
        "ca-key.pem",
        "-days",
        "2",
        "-subj",
        "/CN=cfn-wave test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        "-out",
        "ca.pem");
    signed(work, "server", "/CN=127.0.0.1");
    signed(work, "client", "/CN=cfn-wave test client");
    for (Path side : List.of(server, client)) {
      Files.copy(work.resolve("ca.pem"), side.resolve("ca.pem"));
      String name = side.getFileName().toString();
      Files.copy(work.resolve(name + "-cert.pem"), side.resolve("cert.pem"));
      Files.copy(work.resolve(name + "-key.pem"), side.resolve("key.pem"));
    }
    return new TestCertificates(server, client);
  }

  private static void signed(Path work, String name, String subject)
      throws IOException, InterruptedException {
    openssl(work, "genrsa", "-out", name + "-key.pem", "2048");
    openssl(
        work, "req", "-new", "-key", name + "-key.pem", "-subj", subject, "-out", name + ".csr");
    openssl(
        work,
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca-key.pem",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        name + ".ext",
        "-out",
        name + "-cert.pem");
  }

  private static void openssl(Path work, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }
}
