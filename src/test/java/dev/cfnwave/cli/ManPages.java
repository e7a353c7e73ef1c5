package dev.cfnwave.cli;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.IStyle;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The man pages (troff with the man macros), one per command, from the same command model --help
 * shows: its synopsis, description, options, arguments, subcommands, exit codes and footer. Written
 * here rather than through picocli's ManPageGenerator and Asciidoctor, whose AsciiDoc took a label
 * such as {@code UID[:GID]} inside italics for markup and dropped options from the synopsis.
 */
final class ManPages {

  /** Marks that picocli's styles put around bold and italic text; troff fonts replace them. */
  private static final char BOLD = '\u0011';

  private static final char ITALIC = '\u0012';
  private static final char ROMAN = '\u0013';

  /** "Environment: ..." in a footer becomes a section of that name. */
  private static final Pattern SECTION = Pattern.compile("([A-Z][a-z]+): (.*)", Pattern.DOTALL);

  private ManPages() {}

  /** Every visible command's page, by file name (cfn-wave-helpers-wait.1). */
  static Map<String, String> of(CommandLine root, String version) {
    Map<String, String> pages = new LinkedHashMap<>();
    collect(root, version, pages);
    return pages;
  }

  private static void collect(CommandLine command, String version, Map<String, String> pages) {
    if (command.getCommandSpec().usageMessage().hidden()) {
      return;
    }
    pages.put(fileName(command.getCommandSpec()), page(command.getCommandSpec(), version));
    for (CommandLine sub : command.getSubcommands().values()) {
      if (sub.getParent() == command && !pages.containsKey(fileName(sub.getCommandSpec()))) {
        collect(sub, version, pages);
      }
    }
  }

  static String fileName(CommandSpec spec) {
    return pageName(spec) + ".1";
  }

  private static String pageName(CommandSpec spec) {
    return spec.qualifiedName("-");
  }

  static String page(CommandSpec spec, String version) {
    UsageMessageSpec usage = spec.usageMessage();
    ColorScheme scheme = markingScheme();
    Help help = new SpaceWrappingHelp(spec, scheme); // its labels: none for a boolean
    StringBuilder page = new StringBuilder();
    page.append(".\\\" ")
        .append(pageName(spec))
        .append("(1), generated from cfn-wave's command model by ReleaseDocs\n");
    page.append(".TH \"")
        .append(escape(pageName(spec).toUpperCase(java.util.Locale.ROOT)))
        .append("\" 1 \"\" \"cfn\\-wave ")
        .append(escape(version))
        .append("\" \"cfn\\-wave Manual\"\n");
    // no hyphenation and a ragged right margin: options and paths stay whole
    page.append(".nh\n.ad l\n");

    section(page, "NAME");
    page.append(line(pageName(spec) + " - " + summary(usage))).append('\n');

    section(page, "SYNOPSIS");
    int width = usage.width();
    usage.width(10_000); // one line: troff fills it
    page.append(line(help.synopsis(0).strip())).append('\n');
    usage.width(width);

    section(page, "DESCRIPTION");
    for (String paragraph : usage.description()) {
      paragraph(page, format(paragraph));
    }

    Map<String, List<OptionSpec>> sections =
        HelpGroup.sections(spec, help.createDefaultOptionSort());
    if (!sections.isEmpty()) {
      section(page, "OPTIONS");
      Help.IOptionRenderer renderer = help.createDefaultOptionRenderer();
      sections.forEach(
          (heading, options) -> {
            if (sections.size() > 1) {
              page.append(".SS \"").append(heading).append("\"\n");
            }
            for (OptionSpec option : options) {
              Text[][] rows = renderer.render(option, help.parameterLabelRenderer(), scheme);
              item(page, names(rows[0]), descriptions(rows));
            }
          });
    }

    List<PositionalParamSpec> positionals = new ArrayList<>(spec.positionalParameters());
    positionals.removeIf(PositionalParamSpec::hidden);
    if (!positionals.isEmpty()) {
      section(page, "ARGUMENTS");
      Help.IParameterRenderer renderer = help.createDefaultParameterRenderer();
      for (PositionalParamSpec positional : positionals) {
        Text[][] rows = renderer.render(positional, help.parameterLabelRenderer(), scheme);
        item(page, rows[0][3].toString().strip(), descriptions(rows));
      }
    }

    Map<String, CommandLine> subcommands = visibleSubcommands(spec);
    if (!subcommands.isEmpty()) {
      section(page, "COMMANDS");
      subcommands.forEach(
          (name, sub) ->
              item(page, BOLD + name + ROMAN, summary(sub.getCommandSpec().usageMessage())));
    }

    if (!usage.exitCodeList().isEmpty()) {
      section(page, "EXIT STATUS");
      usage.exitCodeList().forEach((code, meaning) -> item(page, BOLD + code + ROMAN, meaning));
    }

    List<Examples.Example> examples = Examples.of(spec.qualifiedName());
    if (!examples.isEmpty()) {
      section(page, "EXAMPLES");
      // as --help shows them, to be copied as they are
      page.append(".nf\n");
      Examples.render(examples)
          .lines()
          .skip(2) // a blank line and the heading
          .forEach(example -> page.append(line(example.substring(2))).append('\n'));
      page.append(".fi\n");
    }

    for (String paragraph : usage.footer()) {
      if (paragraph.isBlank()) {
        continue;
      }
      Matcher named = SECTION.matcher(format(paragraph));
      if (named.matches()) {
        section(page, named.group(1).toUpperCase(java.util.Locale.ROOT));
        paragraph(page, named.group(2));
      } else {
        section(page, "NOTES");
        paragraph(page, format(paragraph));
      }
    }

    List<String> related = new ArrayList<>();
    if (spec.parent() != null) {
      related.add(pageName(spec.parent()));
    }
    subcommands.values().forEach(sub -> related.add(pageName(sub.getCommandSpec())));
    if (!related.isEmpty()) {
      section(page, "SEE ALSO");
      page.append(
              String.join(", ", related.stream().map(name -> BOLD + name + ROMAN + "(1)").toList()))
          .append('\n');
    }
    return troff(page.toString());
  }

  private static Map<String, CommandLine> visibleSubcommands(CommandSpec spec) {
    Map<String, CommandLine> visible = new LinkedHashMap<>();
    spec.subcommands()
        .forEach(
            (name, sub) -> {
              if (!sub.getCommandSpec().usageMessage().hidden()
                  && name.equals(sub.getCommandSpec().name())) {
                visible.put(name, sub);
              }
            });
    return visible;
  }

  /** "-h, --help" or "--user=UID[:GID]", from the first row of picocli's option rendering. */
  private static String names(Text[] row) {
    String shortName = row[1].toString().strip();
    String separator = row[2].toString().strip();
    String longName = row[3].toString().strip();
    if (shortName.isEmpty()) {
      return longName;
    }
    return longName.isEmpty() ? shortName : shortName + separator + " " + longName;
  }

  /** The description column of picocli's rows, as one paragraph. */
  private static String descriptions(Text[][] rows) {
    List<String> parts = new ArrayList<>();
    for (Text[] row : rows) {
      String part = row[row.length - 1].toString().strip();
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return String.join(" ", parts);
  }

  private static String summary(UsageMessageSpec usage) {
    String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
    return lines.length == 0 ? "" : format(lines[0]);
  }

  private static void section(StringBuilder page, String name) {
    page.append(".SH \"").append(name).append("\"\n");
  }

  private static void paragraph(StringBuilder page, String text) {
    page.append(".PP\n").append(line(text)).append('\n');
  }

  private static void item(StringBuilder page, String tag, String text) {
    page.append(".TP\n").append(line(tag)).append('\n').append(line(text)).append('\n');
  }

  /** One input line: troff would take a leading '.' or "'" for a request. */
  private static String line(String text) {
    String flat = text.replaceAll("\\s*\\R\\s*", " ");
    return flat.startsWith(".") || flat.startsWith("'") ? "\\&" + flat : flat;
  }

  /**
   * Escapes what troff would read as its own syntax in the text written so far (backslashes apart
   * from the requests' and the escapes' own), then turns the marks into font changes.
   */
  private static String troff(String page) {
    StringBuilder out = new StringBuilder();
    for (String line : page.split("\n", -1)) {
      if (line.startsWith(".")) {
        out.append(line).append('\n');
        continue;
      }
      boolean guarded = line.startsWith("\\&");
      out.append(guarded ? "\\&" : "")
          .append(escape(guarded ? line.substring(2) : line))
          .append('\n');
    }
    out.setLength(out.length() - 1);
    return out.toString()
        .replaceAll("\u001b\\[[0-9;]*m", "") // the reset picocli adds after styled text
        .replace(String.valueOf(BOLD), "\\fB")
        .replace(String.valueOf(ITALIC), "\\fI")
        .replace(String.valueOf(ROMAN), "\\fR");
  }

  /** Text as troff prints it literally: ASCII dashes and quotes, no escapes. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\e");
        case '-' -> out.append("\\-");
        case '\'' -> out.append("\\(aq");
        case '`' -> out.append("\\(ga");
        case '^' -> out.append("\\(ha");
        case '~' -> out.append("\\(ti");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String format(String text) {
    try {
      return String.format(text);
    } catch (IllegalFormatException e) {
      return text;
    }
  }

  /** Option names and commands bold, parameter labels italic, as marks troff() replaces. */
  private static ColorScheme markingScheme() {
    IStyle bold = mark(BOLD);
    IStyle italic = mark(ITALIC);
    return new ColorScheme.Builder(Ansi.ON)
        .commands(bold)
        .options(bold)
        .parameters(italic)
        .optionParams(italic)
        .build();
  }

  private static IStyle mark(char on) {
    return new IStyle() {
      @Override
      public String on() {
        return String.valueOf(on);
      }

      @Override
      public String off() {
        return String.valueOf(ROMAN);
      }
    };
  }
}
