package dev.cfnwave.it.support;

import dev.cfnwave.engine.ContainerEngine;
import dev.cfnwave.engine.DockerEngine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The tests' one engine client, which {@link Dockerd#restart()} replaces: a client's pooled
 * connections die with the dockerd they were made to, so no test may use them after a restart.
 */
public final class SharedEngine {

  private static volatile DockerEngine current = DockerEngine.connect();

  /** Every call goes to the client of the dockerd that runs now. */
  public static final ContainerEngine ENGINE =
      (ContainerEngine)
          Proxy.newProxyInstance(
              ContainerEngine.class.getClassLoader(),
              new Class<?>[] {ContainerEngine.class},
              SharedEngine::invoke);

  private SharedEngine() {}

  /** Drops the client of the dockerd that was stopped; the next call connects afresh. */
  public static synchronized void reconnect() {
    DockerEngine stale = current;
    current = DockerEngine.connect();
    stale.close();
  }

  private static Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(current, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
