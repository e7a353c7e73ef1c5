package dev.cfnwave.cli;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * picocli's usage help, but long lines break only at spaces. picocli breaks where the JDK's line
 * BreakIterator allows, which includes after '.', ':', ',' and '[' ("(default: ." then
 * "artifacts/runs)", "[--user=UID[:" then "GID]]"), so paths and option labels came apart. Every
 * section picocli wraps (synopsis, description, options, commands, exit codes, footer) is laid out
 * in a {@link Table}; the rest of the layout is picocli's own, copied where picocli keeps it
 * private.
 */
final class SpaceWrappingHelp extends CommandLine.Help {

  /** picocli's UsageMessageSpec.MAX_SYNOPSIS_AUTO_INDENT_THRESHOLD, which it keeps private. */
  private static final double MAX_SYNOPSIS_INDENT = 0.9;

  SpaceWrappingHelp(CommandSpec spec, ColorScheme colorScheme) {
    super(spec, colorScheme);
  }

  private int width() {
    return commandSpec().usageMessage().width();
  }

  @Override
  public Layout createDefaultLayout(
      List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme scheme) {
    int longOptions = calcLongOptionColumnWidth(options, positionals, scheme);
    Column[] columns = TextTable.forDefaultColumns(scheme, longOptions, width()).columns();
    return new Layout(
        scheme,
        new Table(scheme, columns),
        createDefaultOptionRenderer(),
        createDefaultParameterRenderer());
  }

  /**
   * The options under their {@link HelpGroup} headings ("Scheduling:"), or under "Options:" for a
   * command without groups.
   */
  @Override
  public String optionList() {
    StringBuilder list = new StringBuilder();
    HelpGroup.sections(commandSpec(), createDefaultOptionSort())
        .forEach(
            (heading, options) ->
                list.append(String.format("%n%s:%n", heading))
                    .append(
                        optionListExcludingGroups(
                            options,
                            createDefaultLayout(),
                            null, // sections() sorted them
                            parameterLabelRenderer())));
    return list.toString();
  }

  /**
   * Labels as picocli's, but none for a boolean: "--dry-run", not "--dry-run[=<dryRun>]" (the
   * options that also take "=false" are those whose variable can set them).
   */
  @Override
  public IParamLabelRenderer parameterLabelRenderer() {
    IParamLabelRenderer picocli = super.parameterLabelRenderer();
    return new IParamLabelRenderer() {
      @Override
      public Text renderParameterLabel(ArgSpec arg, Ansi ansi, List<Ansi.IStyle> styles) {
        return isFlag(arg)
            ? ansi.new Text("", colorScheme())
            : picocli.renderParameterLabel(arg, ansi, styles);
      }

      @Override
      public String separator() {
        return picocli.separator();
      }
    };
  }

  static boolean isFlag(ArgSpec arg) {
    return arg.isOption() && (arg.type() == boolean.class || arg.type() == Boolean.class);
  }

  @Override
  protected String insertSynopsisCommandName(int headingLength, Text details) {
    String name = commandSpec().qualifiedName();
    UsageMessageSpec usage = commandSpec().usageMessage();
    int indent = headingLength + name.length() + 1;
    if (indent > usage.synopsisAutoIndentThreshold() * width()) {
      indent = usage.synopsisIndent() < 0 ? headingLength : usage.synopsisIndent();
      indent = Math.min(indent, (int) (MAX_SYNOPSIS_INDENT * width()));
    }
    Table table = new Table(colorScheme(), new Column(width(), 0, Column.Overflow.WRAP));
    table.indentWrappedLines = indent;
    Text padding = CommandLine.Help.Ansi.OFF.new Text("X".repeat(headingLength), colorScheme());
    table.addRowValues(padding.concat(colorScheme().commandText(name)).concat(details));
    return table.toString().substring(headingLength);
  }

  @Override
  public String description(Object... params) {
    return join(commandSpec().usageMessage().description(), params);
  }

  @Override
  public String header(Object... params) {
    return join(commandSpec().usageMessage().header(), params);
  }

  @Override
  public String footer(Object... params) {
    return join(commandSpec().usageMessage().footer(), params);
  }

  private String join(String[] lines, Object... params) {
    if (lines == null || lines.length == 0) {
      return "";
    }
    Table table = new Table(colorScheme(), new Column(width(), 0, Column.Overflow.WRAP));
    table.indentWrappedLines = 0;
    for (String line : lines) {
      table.addRowValues(format(line, params));
    }
    return table.toString();
  }

  /** The exit code list (and any other two-column map). */
  @Override
  public TextTable createTextTable(Map<?, ?> map) {
    int keyLength = 0;
    for (Object key : map.keySet()) {
      keyLength = Math.max(keyLength, String.valueOf(key).length());
    }
    keyLength = Math.min(width() - 4, keyLength);
    Table table =
        new Table(
            colorScheme(),
            new Column(keyLength + 3, 2, Column.Overflow.SPAN),
            new Column(width() - (keyLength + 3), 2, Column.Overflow.WRAP));
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      table.addRowValues(
          format(String.valueOf(entry.getKey())), format(String.valueOf(entry.getValue())));
    }
    return table;
  }

  @Override
  public String commandList(Map<String, CommandLine.Help> subcommands) {
    if (subcommands.isEmpty()) {
      return "";
    }
    int nameLength = 0;
    for (String name : subcommands.keySet()) {
      nameLength = Math.max(nameLength, name.length());
    }
    nameLength = Math.min(nameLength, width() / 2);
    Table table =
        new Table(
            colorScheme(),
            new Column(nameLength + 2, 2, Column.Overflow.SPAN),
            new Column(width() - (nameLength + 2), 2, Column.Overflow.WRAP));
    for (CommandLine.Help help : subcommands.values()) {
      UsageMessageSpec usage = help.commandSpec().usageMessage();
      String[] summary = usage.header().length > 0 ? usage.header() : usage.description();
      Text[] lines = colorScheme().text(format(summary.length > 0 ? summary[0] : "")).splitLines();
      for (int i = 0; i < lines.length; i++) {
        table.addRowValues(i == 0 ? help.commandNamesText(", ") : colorScheme().text(""), lines[i]);
      }
    }
    return table.toString();
  }

  /** As picocli formats help text: %n and the like, the text itself when it is no format. */
  private static String format(String text, Object... params) {
    try {
      return text == null ? "" : String.format(text, params);
    } catch (IllegalFormatException e) {
      return text;
    }
  }

  /** A TextTable whose wrapping columns break lines at spaces only. */
  static final class Table extends TextTable {

    private final ColorScheme scheme;
    private final Column[] columns;

    Table(ColorScheme scheme, Column... columns) {
      super(scheme, columns);
      this.scheme = scheme;
      this.columns = columns;
    }

    @Override
    public Cell putValue(int row, int col, Text value) {
      Column column = columns[col];
      String plain = value == null ? "" : value.plainString();
      if (column.overflow != Column.Overflow.WRAP || plain.isEmpty() || plain.contains("\n")) {
        return super.putValue(row, col, value);
      }
      int first = column.width - column.indent;
      int rest = first - indentWrappedLines;
      Cell cell = null;
      List<int[]> lines = lines(plain, first, Math.max(1, rest));
      for (int i = 0; i < lines.size(); i++) {
        Text line = value.substring(lines.get(i)[0], lines.get(i)[1]);
        if (i > 0) {
          addEmptyRow();
          row++;
          line = scheme.text(" ".repeat(indentWrappedLines)).concat(line);
        }
        cell = super.putValue(row, col, line);
      }
      return cell;
    }

    /**
     * Where the text's lines start and end: as many words as fit (the first line has {@code first}
     * columns, the others {@code rest}), broken at spaces, which are dropped at the break. A word
     * longer than a line gets a line of its own (picocli then cuts it).
     */
    static List<int[]> lines(String text, int first, int rest) {
      List<int[]> lines = new ArrayList<>();
      int start = 0;
      int room = first;
      while (start < text.length()) {
        if (text.length() - start <= room) {
          lines.add(new int[] {start, text.length()});
          break;
        }
        int end = text.lastIndexOf(' ', start + room);
        if (end <= start) {
          end = text.indexOf(' ', start + room);
          if (end < 0) {
            lines.add(new int[] {start, text.length()});
            break;
          }
        }
        int trimmed = end;
        while (trimmed > start && text.charAt(trimmed - 1) == ' ') {
          trimmed--;
        }
        lines.add(new int[] {start, trimmed});
        start = end;
        while (start < text.length() && text.charAt(start) == ' ') {
          start++;
        }
        room = rest;
      }
      return lines;
    }
  }
}
