package dev.cfnwave.engine;

import com.github.dockerjava.core.LocalDirectorySSLConfig;
import com.github.dockerjava.core.util.CertificateUtils;
import dev.cfnwave.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Security;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The TLS material of one engine, as the docker CLI keeps it in a folder: ca.pem to verify the
 * engine, and optionally cert.pem with key.pem to present to it. {@code source} names where the
 * folder came from (a variable, a context), for error messages.
 */
record DockerTls(Path folder, boolean clientCertificate, String source) {

  static final String CA = "ca.pem";
  static final String CERT = "cert.pem";
  static final String KEY = "key.pem";

  /**
   * The material in {@code folder}. Like the docker CLI, ca.pem is required and cert.pem/key.pem
   * are optional, but only as a pair.
   *
   * @throws InputException naming {@code source} and the missing file
   */
  static DockerTls in(Path folder, String source) {
    Path ca = folder.resolve(CA);
    if (!Files.isRegularFile(ca)) {
      throw new InputException(
          source, ca + " does not exist (it verifies the engine's certificate)");
    }
    boolean cert = Files.isRegularFile(folder.resolve(CERT));
    boolean key = Files.isRegularFile(folder.resolve(KEY));
    if (cert != key) {
      Path missing = folder.resolve(cert ? KEY : CERT);
      Path present = folder.resolve(cert ? CERT : KEY);
      throw new InputException(
          source,
          missing + " does not exist (" + present + " does: a client certificate needs both)");
    }
    return new DockerTls(folder, cert, source);
  }

  /**
   * The TLS context, built by docker-java from the PEM files.
   *
   * @throws InputException when a file is not a usable certificate or key
   */
  SSLContext sslContext() {
    Path ca = folder.resolve(CA);
    try {
      Security.addProvider(new BouncyCastleProvider());
      KeyStore trusted = CertificateUtils.createTrustStore(Files.readString(ca));
      if (trusted.size() == 0) {
        throw new InputException(source, ca + " holds no PEM certificate");
      }
      if (clientCertificate) {
        return new LocalDirectorySSLConfig(folder.toString()).getSSLContext();
      }
      // docker-java's LocalDirectorySSLConfig wants all three files; the CLI accepts ca.pem alone.
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLSv1.2");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (InputException e) {
      throw e;
    } catch (Exception e) {
      throw new InputException(
          source,
          "cannot use the certificates in "
              + folder
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
          e);
    }
  }
}
