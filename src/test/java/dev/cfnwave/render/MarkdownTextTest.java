package dev.cfnwave.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** summary.md escapes what GitHub would read as markup, and nothing else. */
class MarkdownTextTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '"',
      value = {
        "attempt 2: failed, exit 1, ran 3.200 s (tier 1, 512m)  => attempt 2: failed, exit 1, ran 3.200 s (tier 1, 512m)",
        "iter1-batch_2 #3 + {x} ! a|b > c        => iter1-batch_2 #3 + {x} ! a|b > c",
        "1 < 2 & 3 > 2                            => 1 < 2 & 3 > 2",
        "_lead and trail_ and __both__            => \\_lead and trail\\_ and \\_\\_both\\_\\_",
        "a*b `c` [d](e) ~f~ back\\slash           => a\\*b \\`c\\` \\[d\\](e) \\~f\\~ back\\\\slash",
        "<b>bold</b> <!-- x --> <https://x.y>     => &lt;b>bold&lt;/b> &lt;!-- x --> &lt;https://x.y>",
        "&amp; &#169; &#x1F600; &copy; & amp;     => &amp;amp; &amp;#169; &amp;#x1F600; &amp;copy; & amp;",
      })
  void escapesOnlyMarkup(String text, String markdown) {
    assertThat(MarkdownText.inline(text)).isEqualTo(markdown.strip());
  }

  @org.junit.jupiter.api.Test
  void aMultiLineErrorStaysOnItsLine() {
    assertThat(MarkdownText.inline("no such image\nfoo:1\r\n")).isEqualTo("no such image foo:1  ");
  }
}
