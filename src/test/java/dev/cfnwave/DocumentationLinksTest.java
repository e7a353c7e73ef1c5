package dev.cfnwave;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every relative link in README.md, docs/ and bench/README.md leads to a file and heading. */
public class DocumentationLinksTest {

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

  @Test
  void relativeLinksLeadSomewhere() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("bench/README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    assertThat(brokenLinks(pages, Path.of("").toAbsolutePath())).isEmpty();
  }

  /**
   * The relative links of these pages that lead to no file, to no heading of the file, or out of
   * the folder {@code within} (InstallIT checks an unpacked release archive with it).
   */
  public static List<String> brokenLinks(List<Path> pages, Path within) throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      Matcher link = LINK.matcher(Files.readString(page));
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("[a-z]+:.*")) {
          continue;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? page : page.resolveSibling(file).normalize();
        if (!resolved.toAbsolutePath().normalize().startsWith(within)) {
          broken.add(page + ": " + target + " (outside " + within + ")");
        } else if (!Files.exists(resolved)) {
          broken.add(page + ": " + target + " (no " + resolved + ")");
        } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
          broken.add(page + ": " + target + " (no such heading in " + resolved + ")");
        }
      }
    }
    return broken;
  }

  /** GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as dashes. */
  private static List<String> anchors(Path page) throws IOException {
    List<String> anchors = new ArrayList<>();
    if (!page.toString().endsWith(".md")) {
      return anchors;
    }
    Matcher heading = HEADING.matcher(Files.readString(page));
    while (heading.find()) {
      anchors.add(
          heading
              .group(1)
              .strip()
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^a-z0-9 _-]", "")
              .replace(' ', '-'));
    }
    return anchors;
  }
}
