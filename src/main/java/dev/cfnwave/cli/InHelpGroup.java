package dev.cfnwave.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lists an option under a {@link HelpGroup}'s heading in --help and the man pages. It changes
 * nothing in how the option parses: picocli's @ArgGroup would (group objects that stay null unless
 * matched, defaults applied per group, a synopsis of nested brackets), and would split the mixins
 * whose options belong to several groups.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
@interface InHelpGroup {
  HelpGroup value();
}
