package dev.cfnwave.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cfnwave.report.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Opens a page in headless Chromium (Debian's chromium; scripts/test.sh installs it): the DOM the
 * browser built, a screenshot, and where it laid out each piece of text. Each call has a profile of
 * its own, removed afterwards.
 */
public final class Chromium {

  /** The width report.html is laid out for, with its margins. */
  public static final int WIDTH = 1140;

  /**
   * Measures every piece of text once the page is laid out: each SVG text element's box, and each
   * HTML text node's line boxes, with the box of the SVG it is in. Base64 so that the DOM dump
   * cannot alter it.
   */
  private static final String MEASURE =
      """
      <script>
      const boxes = [];
      const box = r => ({x: r.left, y: r.top, w: r.width, h: r.height});
      document.querySelectorAll('svg text').forEach(t => boxes.push(Object.assign(
          box(t.getBoundingClientRect()),
          {text: t.textContent, node: boxes.length,
           svg: box(t.ownerSVGElement.getBoundingClientRect())})));
      const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(), i = 0; n; n = walk.nextNode(), i++) {
        if (n.parentElement.closest('svg, script') || !n.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) {
          if (r.width > 0 && r.height > 0) {
            boxes.push(Object.assign(box(r), {text: n.textContent, node: 'html' + i, svg: null}));
          }
        }
      }
      const out = document.createElement('pre');
      out.id = 'cfn-text-boxes';
      out.textContent = btoa(unescape(encodeURIComponent(JSON.stringify(boxes))));
      document.body.appendChild(out);
      </script>
      """;

  private static final Pattern BOXES = Pattern.compile("<pre id=\"cfn-text-boxes\">([^<]*)</pre>");

  private Chromium() {}

  /** A piece of text where the browser put it, in page pixels; svg: the box of its SVG, if any. */
  public record TextBox(String text, Object node, double x, double y, double w, double h, Box svg) {

    boolean overlaps(TextBox other) {
      // Half a pixel of slack: glyph boxes of neighbours on a line may share an edge.
      return Math.min(x + w, other.x + other.w) - Math.max(x, other.x) > 0.5
          && Math.min(y + h, other.y + other.h) - Math.max(y, other.y) > 0.5;
    }

    boolean outside(Box b) {
      return x < b.x - 0.5 || y < b.y - 0.5 || x + w > b.x + b.w + 0.5 || y + h > b.y + b.h + 0.5;
    }

    @Override
    public String toString() {
      return String.format("'%s' at (%.1f, %.1f) %.1fx%.1f", text, x, y, w, h);
    }
  }

  public record Box(double x, double y, double w, double h) {}

  /** The page's DOM after Chromium parsed and laid it out. */
  public static String dumpDom(Path html) throws IOException, InterruptedException {
    return run("--dump-dom", "--window-size=" + WIDTH + ",720", html.toUri().toString());
  }

  public static void screenshot(Path html, Path png, int height)
      throws IOException, InterruptedException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    run(
        "--screenshot=" + png.toAbsolutePath(),
        "--window-size=" + WIDTH + "," + height,
        "--hide-scrollbars",
        html.toUri().toString());
    assertThat(png).isNotEmptyFile();
  }

  /**
   * Where each piece of text of the page was laid out: measured in a copy of the page that a script
   * may run in (the page's Content-Security-Policy forbids scripts; the layout is the same).
   */
  public static List<TextBox> textBoxes(Path html) throws IOException, InterruptedException {
    String page = Files.readString(html, StandardCharsets.UTF_8);
    String measured =
        page.replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "")
            .replace("</body>", MEASURE + "</body>");
    Path copy = Files.createTempFile(html.toAbsolutePath().getParent(), "measured", ".html");
    try {
      Files.writeString(copy, measured, StandardCharsets.UTF_8);
      Matcher m = BOXES.matcher(dumpDom(copy));
      assertThat(m.find()).as("the measuring script ran").isTrue();
      String json = new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
      return Json.MAPPER.readValue(json, new TypeReference<List<TextBox>>() {});
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  /** No two pieces of text print over each other, and none sticks out of its chart. */
  public static void assertTextDoesNotOverlap(Path html) throws IOException, InterruptedException {
    List<TextBox> boxes = textBoxes(html);
    assertThat(boxes).as("text laid out").isNotEmpty();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < boxes.size(); i++) {
      TextBox a = boxes.get(i);
      if (a.svg() != null && a.outside(a.svg())) {
        problems.add(a + " sticks out of its chart " + a.svg());
      }
      for (TextBox b : boxes.subList(i + 1, boxes.size())) {
        if (!a.node().equals(b.node()) && a.overlaps(b)) {
          problems.add(a + " overlaps " + b);
        }
      }
    }
    assertThat(problems).as(html.toString()).isEmpty();
  }

  private static String run(String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("chromium-profile");
    Path out = Files.createTempFile("chromium", ".out");
    try {
      List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox"));
      command.addAll(List.of("--disable-gpu", "--no-first-run", "--user-data-dir=" + profile));
      command.addAll(List.of(args));
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("chromium did not end within 120 s");
      }
      assertThat(process.exitValue()).as("chromium's exit code").isZero();
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
      removeTree(profile);
    }
  }

  /** Best effort: a profile left behind in the temporary folder harms no test. */
  private static void removeTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // left for the temporary folder's own cleaning
    }
  }
}
