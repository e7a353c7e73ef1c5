package dev.cfnwave.it.support;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A unix-socket proxy in front of the real engine that can disrupt it, the way a flaky engine or a
 * slow network would: cut every open {@code /events} connection, let event streams connect but
 * swallow everything the engine sends on them, hold one chosen request before it reaches the
 * engine, or hold every call on a container as a wedged engine would (while it still answers its
 * ping and container lists). Everything else passes through untouched, and what the engine sent on
 * each event stream is kept. Point DOCKER_HOST at {@link #dockerHost()}. While the engine is down,
 * connections are accepted and closed at once, as a dead socket would refuse them.
 */
public final class EngineProxy implements AutoCloseable {

  /** The engine of the test leg: DOCKER_HOST when it names a unix socket, else the local one. */
  private static final UnixDomainSocketAddress ENGINE = UnixDomainSocketAddress.of(engineSocket());

  private static String engineSocket() {
    String host = System.getenv("DOCKER_HOST");
    return host != null && host.startsWith("unix://")
        ? host.substring("unix://".length())
        : "/var/run/docker.sock";
  }

  private final Path socket;
  private final ServerSocketChannel server;
  private final Set<Link> eventLinks = ConcurrentHashMap.newKeySet();
  private final List<EventStream> eventStreams = new CopyOnWriteArrayList<>();
  private volatile boolean silent;
  private volatile Hold hold;
  private volatile Wedge wedge;

  private EngineProxy(Path socket) throws IOException {
    this.socket = socket;
    Files.deleteIfExists(socket);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Thread.ofVirtual().name("engine-proxy").start(this::accept);
  }

  public static EngineProxy at(Path socket) throws IOException {
    return new EngineProxy(socket);
  }

  public String dockerHost() {
    return "unix://" + socket;
  }

  /** From now on, event streams get nothing from the engine (new ones included). */
  public void silenceEvents() {
    silent = true;
  }

  /** Closes every open event stream; the client sees its connection end. */
  public void cutEventStreams() {
    for (Link link : eventLinks) {
      link.close();
    }
  }

  /** How many event streams clients have opened through the proxy (the engine took each). */
  public int eventStreamsOpened() {
    return eventStreams.size();
  }

  /**
   * Whether an event stream opened after the first {@code earlier} ones got the engine's answer.
   */
  public boolean eventStreamAnsweredAfter(int earlier) {
    return eventStreams.stream().skip(earlier).anyMatch(s -> s.received.length() > 0);
  }

  /** What the engine sent on the event streams opened after the first {@code earlier} ones. */
  public String eventsReceivedAfter(int earlier) {
    return eventStreams.stream()
        .skip(earlier)
        .map(s -> s.received.toString())
        .collect(Collectors.joining());
  }

  /**
   * Holds the first request from now on whose request line (e.g. {@code POST
   * /v1.41/containers/0123abcd/start HTTP/1.1}) matches: it reaches the engine only once released.
   */
  public Hold holdFirst(Pattern requestLine) {
    Hold next = new Hold(requestLine);
    hold = next;
    return next;
  }

  /**
   * From now on, holds every request on a container (create, inspect, start, stop, remove, logs;
   * not the list) as Docker 20.10's libnetwork deadlock does, until {@link Wedge#letGo}.
   */
  public Wedge wedgeContainerCalls() {
    Wedge next = new Wedge();
    wedge = next;
    return next;
  }

  @Override
  public void close() throws IOException {
    server.close();
    Hold held = hold;
    if (held != null) {
      held.release();
    }
    Wedge wedged = wedge;
    if (wedged != null) {
      wedged.letGo();
    }
    cutEventStreams();
    Files.deleteIfExists(socket);
  }

  private void accept() {
    while (server.isOpen()) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      try {
        SocketChannel engine = SocketChannel.open(ENGINE);
        Link link = new Link(client, engine);
        Thread.ofVirtual().start(link::clientToEngine);
        Thread.ofVirtual().start(link::engineToClient);
      } catch (IOException engineDown) {
        closeQuietly(client);
      }
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** One request held back from the engine until released. */
  public static final class Hold {
    private final Pattern requestLine;
    private final CompletableFuture<String> held = new CompletableFuture<>();
    private final CountDownLatch released = new CountDownLatch(1);

    private Hold(Pattern requestLine) {
      this.requestLine = requestLine;
    }

    /** Waits until a request is held and returns its request line. */
    public String awaitHeld(Duration atMost) throws Exception {
      return held.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets the held request (and any later one) through to the engine. */
    public void release() {
      released.countDown();
    }

    /** Holds the calling connection when the request is the first that matches. */
    private void holdIfFirst(String line) throws InterruptedException {
      if (requestLine.matcher(line).find() && held.complete(line)) {
        released.await();
      }
    }
  }

  /** Container calls held back as a wedged engine holds them. */
  public static final class Wedge {
    private static final Pattern CONTAINER_CALL =
        Pattern.compile("^(GET|POST|DELETE|PUT) (/v[0-9.]+)?/containers/(?!json)");

    private final CountDownLatch over = new CountDownLatch(1);
    private final AtomicInteger held = new AtomicInteger();

    /** How many container calls were held so far. */
    public int held() {
      return held.get();
    }

    /**
     * Ends the wedge as a restarted engine would: the held calls never reach it (their connections
     * are closed), later ones pass.
     */
    public void letGo() {
      over.countDown();
    }

    /** Whether the request may go on to the engine; holds a container call until let go. */
    private boolean pass(String line) throws InterruptedException {
      if (over.getCount() == 0 || !CONTAINER_CALL.matcher(line).find()) {
        return true;
      }
      held.incrementAndGet();
      over.await();
      return false;
    }
  }

  /** What one event stream got from the engine. */
  private static final class EventStream {
    private final StringBuffer received = new StringBuffer();
  }

  /** One client connection and its connection to the engine. */
  private final class Link {
    private final SocketChannel client;
    private final SocketChannel engine;
    private volatile EventStream events;

    Link(SocketChannel client, SocketChannel engine) {
      this.client = client;
      this.engine = engine;
    }

    void clientToEngine() {
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      try {
        while (client.read(buffer) >= 0) {
          buffer.flip();
          String line = requestLine(buffer);
          Hold held = hold;
          if (held != null) {
            held.holdIfFirst(line);
          }
          Wedge wedged = wedge;
          if (wedged != null && !wedged.pass(line)) {
            return;
          }
          if (events == null && startsEventStream(line)) {
            events = new EventStream();
            eventLinks.add(this);
            eventStreams.add(events);
          }
          while (buffer.hasRemaining()) {
            engine.write(buffer);
          }
          buffer.clear();
        }
      } catch (IOException e) {
        // either side went away
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        close();
      }
    }

    void engineToClient() {
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      try {
        while (engine.read(buffer) >= 0) {
          buffer.flip();
          EventStream stream = events;
          if (stream != null && silent) {
            buffer.clear();
            continue;
          }
          if (stream != null) {
            stream.received.append(StandardCharsets.ISO_8859_1.decode(buffer.duplicate()));
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

    /** The first line of what the client sent, when a read begins a request. */
    private static String requestLine(ByteBuffer request) {
      int length = Math.min(request.remaining(), 256);
      byte[] head = new byte[length];
      request.duplicate().get(head);
      String text = new String(head, StandardCharsets.ISO_8859_1);
      int end = text.indexOf('\r');
      return end < 0 ? text : text.substring(0, end);
    }

    private static boolean startsEventStream(String line) {
      return line.startsWith("GET /events") || line.matches("GET /v[0-9.]+/events.*");
    }

    void close() {
      eventLinks.remove(this);
      closeQuietly(client);
      closeQuietly(engine);
    }
  }
}
