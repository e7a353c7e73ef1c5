package dev.cfnwave.cli;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The headed sections --help and the man pages list options in, in this order. An option joins one
 * with {@link InHelpGroup} on its field; a new kind of option may add a constant here.
 */
enum HelpGroup {
  PLAN_AND_IMAGES("Plan and images"),
  SELECTION("Which containers"),
  CONTAINERS("Containers"),
  SCHEDULING("Scheduling"),
  RETRIES("Retries"),
  LIMITS_AND_SECURITY("Limits and security"),
  LOGS_AND_REPORTS("Logs and reports"),
  ENGINE("Engine");

  /** The heading of the options no group claims (help, version, --stacktrace). */
  static final String OTHER = "Other options";

  /** The heading of a command without groups. */
  static final String OPTIONS = "Options";

  final String heading;

  HelpGroup(String heading) {
    this.heading = heading;
  }

  /** The group an option's field names, or null. */
  static HelpGroup of(OptionSpec option) {
    if (option.userObject() instanceof AnnotatedElement element) {
      InHelpGroup in = element.getAnnotation(InHelpGroup.class);
      return in == null ? null : in.value();
    }
    return null;
  }

  /**
   * The command's visible options by heading: each group's in the groups' order, in the order they
   * are declared (the most used first), then the others; all under "Options", in {@code sort}'s
   * order, when none is in a group.
   */
  static Map<String, List<OptionSpec>> sections(CommandSpec spec, Comparator<OptionSpec> sort) {
    List<OptionSpec> visible = new ArrayList<>(spec.options());
    visible.removeIf(OptionSpec::hidden);
    Map<String, List<OptionSpec>> sections = new LinkedHashMap<>();
    for (HelpGroup group : values()) {
      List<OptionSpec> members = visible.stream().filter(o -> of(o) == group).toList();
      if (!members.isEmpty()) {
        sections.put(group.heading, members);
      }
    }
    List<OptionSpec> others = new ArrayList<>(visible.stream().filter(o -> of(o) == null).toList());
    if (sections.isEmpty() && sort != null) {
      others.sort(sort);
    }
    if (!others.isEmpty()) {
      sections.put(sections.isEmpty() ? OPTIONS : OTHER, others);
    }
    return sections;
  }
}
