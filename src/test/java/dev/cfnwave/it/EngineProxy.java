package dev.cfnwave.it;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A unix-socket proxy in front of the real engine that can disrupt its event streams, the way a
 * flaky engine or a slow network would: cut every open {@code /events} connection, or let event
 * streams connect but swallow everything the engine sends on them. Every other request passes
 * through untouched. Point DOCKER_HOST at {@link #dockerHost()}.
 */
final class EngineProxy implements AutoCloseable {

  private static final UnixDomainSocketAddress ENGINE =
      UnixDomainSocketAddress.of("/var/run/docker.sock");

  private final Path socket;
  private final ServerSocketChannel server;
  private final Set<Link> eventLinks = ConcurrentHashMap.newKeySet();
  private final AtomicInteger eventStreamsOpened = new AtomicInteger();
  private volatile boolean silent;

  private EngineProxy(Path socket) throws IOException {
    this.socket = socket;
    Files.deleteIfExists(socket);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Thread.ofVirtual().name("engine-proxy").start(this::accept);
  }

  static EngineProxy at(Path socket) throws IOException {
    return new EngineProxy(socket);
  }

  String dockerHost() {
    return "unix://" + socket;
  }

  /** From now on, event streams get nothing from the engine (new ones included). */
  void silenceEvents() {
    silent = true;
  }

  /** Closes every open event stream; the client sees its connection end. */
  void cutEventStreams() {
    for (Link link : eventLinks) {
      link.close();
    }
  }

  /** How many event streams clients have opened through the proxy. */
  int eventStreamsOpened() {
    return eventStreamsOpened.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
    cutEventStreams();
    Files.deleteIfExists(socket);
  }

  private void accept() {
    while (server.isOpen()) {
      try {
        SocketChannel client = server.accept();
        SocketChannel engine = SocketChannel.open(ENGINE);
        Link link = new Link(client, engine);
        Thread.ofVirtual().start(link::clientToEngine);
        Thread.ofVirtual().start(link::engineToClient);
      } catch (IOException e) {
        return;
      }
    }
  }

  /** One client connection and its connection to the engine. */
  private final class Link {
    private final SocketChannel client;
    private final SocketChannel engine;
    private volatile boolean events;

    Link(SocketChannel client, SocketChannel engine) {
      this.client = client;
      this.engine = engine;
    }

    void clientToEngine() {
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      try {
        while (client.read(buffer) >= 0) {
          buffer.flip();
          if (!events && startsEventStream(buffer)) {
            events = true;
            eventLinks.add(this);
            eventStreamsOpened.incrementAndGet();
          }
          while (buffer.hasRemaining()) {
            engine.write(buffer);
          }
          buffer.clear();
        }
      } catch (IOException e) {
        // either side went away
      } finally {
        close();
      }
    }

    void engineToClient() {
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      try {
        while (engine.read(buffer) >= 0) {
          buffer.flip();
          if (events && silent) {
            buffer.clear();
            continue;
          }
          while (buffer.hasRemaining()) {
            client.write(buffer);
          }
          buffer.clear();
        }
      } catch (IOException e) {
        // either side went away
      } finally {
        close();
      }
    }

    private boolean startsEventStream(ByteBuffer request) {
      int length = Math.min(request.remaining(), 64);
      byte[] head = new byte[length];
      request.duplicate().get(head);
      String line = new String(head, StandardCharsets.ISO_8859_1);
      return line.startsWith("GET /events") || line.matches("(?s)GET /v[0-9.]+/events.*");
    }

    void close() {
      eventLinks.remove(this);
      try {
        client.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      try {
        engine.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
