package dev.cfnwave.engine;

import java.security.Provider;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS context handed to the HTTP client of a unix-socket engine, where TLS is never used. The
 * client insists on one, and a real one, even empty, initialises the JDK's TLS provider: about 100
 * ms at every start of every command. Any use of this one fails.
 */
final class NoTlsContext extends SSLContext {

  NoTlsContext() {
    super(new Unused(), new UnusedProvider(), "none");
  }

  private static final class UnusedProvider extends Provider {
    UnusedProvider() {
      super("cfn-wave-no-tls", "1", "no TLS on a unix socket");
    }
  }

  private static final class Unused extends SSLContextSpi {

    private static IllegalStateException unused() {
      return new IllegalStateException("TLS is not used on a unix socket");
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
      throw unused();
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw unused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw unused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw unused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw unused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw unused();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw unused();
    }
  }
}
