package dev.cfnwave.engine;

import dev.cfnwave.backend.ImagePullException;
import dev.cfnwave.backend.ImagePullException.Reason;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an engine's words about a failed pull or registry lookup mean, as one sentence and an {@link
 * Reason}. Docker 20.10 and 26 answer with an HTTP error before the stream starts, or an error line
 * in it; Podman 4.3 always answers 200 and puts the error in the stream, prefixed with
 * "initializing source docker://...". The registry's own words ("manifest unknown", "unauthorized:
 * authentication required", "toomanyrequests") come through all three; these are matched, the
 * engine's JSON never reaches the sentence.
 */
final class PullFailures {

  private static final Pattern RETRY_AFTER =
      Pattern.compile("(?i)retry[- ]after[:=]?\\s*(\\d+)\\s*(?:s\\b|sec|second)?");

  private PullFailures() {}

  /**
   * @param message the engine's error message (an answer's "message", a stream's "error")
   * @param status the HTTP status of the answer, 0 when the error came in the stream
   * @param retryAfterHeader the answer's Retry-After header, or null
   */
  static ImagePullException classify(
      String message, int status, String retryAfterHeader, ImageReference ref, RegistryAuth auth) {
    String text = message == null ? "" : message.strip();
    String lower = text.toLowerCase(Locale.ROOT);
    String registry = "registry " + ref.registry();
    String image = ref.inRegistry();
    if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
      return new ImagePullException(
          Reason.DISK_FULL,
          "the engine ran out of disk space while pulling " + ref.full() + " (" + tail(text) + ")");
    }
    if (status == 429 || lower.contains("toomanyrequests") || lower.contains("too many requests")) {
      Duration wait = retryAfter(retryAfterHeader, text);
      return new ImagePullException(
          Reason.RATE_LIMITED,
          registry
              + " is limiting the rate of pulls (too many requests) for "
              + image
              + (wait == null ? "" : ": it asks to retry after " + wait.toSeconds() + " s"),
          wait,
          null);
    }
    boolean denied =
        lower.contains("access denied") || lower.contains("access to the resource is denied");
    if (denied
        || status == 401
        || status == 403
        || lower.contains("unauthorized")
        || lower.contains("no basic auth credentials")
        || lower.contains("authentication required")
        || lower.contains("incorrect username or password")) {
      String also = denied ? ", or it has no such repository" : "";
      return new ImagePullException(
          Reason.UNAUTHORIZED,
          auth.isAnonymous()
              ? registry
                  + " needs credentials for "
                  + image
                  + " and none were found in "
                  + auth.source()
                  + also
              : registry
                  + " refused the credentials from "
                  + auth.source()
                  + " for "
                  + image
                  + also);
    }
    if (lower.contains("manifest unknown")
        || lower.contains("name unknown")
        || lower.contains("not found")
        || status == 404) {
      return new ImagePullException(Reason.NOT_FOUND, notFound(ref, lower));
    }
    String unreachable = unreachable(lower, text, ref);
    if (unreachable != null) {
      return new ImagePullException(Reason.UNREACHABLE, unreachable);
    }
    return new ImagePullException(
        Reason.OTHER,
        "pulling "
            + ref.full()
            + " failed: "
            + (text.isEmpty() ? "the engine answered " + status : firstLine(text)));
  }

  /** The pull ran past its time: its stream is closed, which ends it in the engine too. */
  static ImagePullException timedOut(ImageReference ref, Duration limit) {
    return new ImagePullException(
        Reason.TIMED_OUT,
        "pulling "
            + ref.full()
            + " did not finish within "
            + (limit.toMillis() < 1000 ? limit.toMillis() + " ms" : limit.toSeconds() + " s")
            + ": the pull was stopped");
  }

  private static String notFound(ImageReference ref, String lower) {
    String in = " in registry " + ref.registry();
    if (lower.contains("name unknown") || lower.contains("repository name not known")) {
      return "no repository " + ref.familiarRepository() + in;
    }
    return ref.digest() != null
        ? "no digest " + ref.digest() + " of " + ref.familiarRepository() + in
        : "no tag " + ref.tag() + " of " + ref.familiarRepository() + in;
  }

  /** Name resolution, a refused connection, TLS, or no answer: which, in words. */
  private static String unreachable(String lower, String text, ImageReference ref) {
    String registry = "registry " + ref.registry();
    String pulling = " (pulling " + ref.inRegistry() + ")";
    if (lower.contains("no such host")
        || lower.contains("server misbehaving")
        || lower.contains("temporary failure in name resolution")) {
      return registry
          + " cannot be reached: its name does not resolve (DNS: "
          + tail(text)
          + ")"
          + pulling;
    }
    if (lower.contains("connection refused")) {
      return registry + " refused the connection: nothing listens at that address" + pulling;
    }
    int x509 = lower.indexOf("x509:");
    if (x509 >= 0) {
      return registry
          + " has a TLS certificate the engine does not trust ("
          + firstLine(text.substring(x509))
          + "): give the engine its CA in /etc/docker/certs.d/"
          + ref.registry()
          + "/ca.crt"
          + pulling;
    }
    if (lower.contains("server gave http response to https client")
        || lower.contains("does not look like a tls handshake")) {
      return registry
          + " answers plain HTTP where the engine expects HTTPS: serve it over TLS, or list it in"
          + " the engine's insecure registries"
          + pulling;
    }
    if (lower.contains("tls:") || lower.contains("certificate")) {
      return registry + " failed the TLS handshake (" + tail(text) + ")" + pulling;
    }
    if (lower.contains("i/o timeout")
        || lower.contains("no route to host")
        || lower.contains("network is unreachable")
        || lower.contains("connection reset")
        || lower.contains("handshake timeout")
        || lower.contains("dial tcp")) {
      return registry + " did not answer (" + tail(text) + ")" + pulling;
    }
    return null;
  }

  /**
   * How long the registry asked to wait: the answer's Retry-After header (seconds or an HTTP date),
   * else a "retry after N" in its words; null when it did not say. Engines pass on neither today
   * (Docker 26 answers a registry's 429 with its own 500 or 429 and no header).
   */
  static Duration retryAfter(String header, String text) {
    if (header != null && !header.isBlank()) {
      String value = header.strip();
      if (value.chars().allMatch(Character::isDigit)) {
        return Duration.ofSeconds(Long.parseLong(value));
      }
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException e) {
        // not a date either: look in the words
      }
    }
    Matcher m = RETRY_AFTER.matcher(text == null ? "" : text);
    return m.find() ? Duration.ofSeconds(Long.parseLong(m.group(1))) : null;
  }

  /** The engine's last words after its prefixes ("Get \"https://...\": dial tcp ...: X"). */
  private static String tail(String text) {
    String line = firstLine(text);
    int cut = line.lastIndexOf(": ");
    return cut < 0 ? line : line.substring(cut + 2);
  }

  private static String firstLine(String text) {
    String line = DockerFailures.firstLine(text);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
