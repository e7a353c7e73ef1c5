package dev.cfnwave;

import java.util.List;

/**
 * Several pieces of bad input found at once (every image a run cannot use, say), so that the user
 * fixes them in one go: each is its own line, "{field}: {problem}".
 */
public class InputProblems extends InputException {

  private final List<String> lines;

  public InputProblems(List<InputException> problems) {
    super(String.join("; ", problems.stream().map(InputException::getMessage).toList()));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("no problems");
    }
    this.lines = problems.stream().map(InputException::getMessage).toList();
  }

  /** One line per problem, in the order found. */
  public List<String> lines() {
    return lines;
  }

  /** Throws the one problem as it is, several as one InputProblems; nothing when there are none. */
  public static void throwIfAny(List<InputException> problems) {
    if (problems.size() == 1) {
      throw problems.get(0);
    }
    if (!problems.isEmpty()) {
      throw new InputProblems(problems);
    }
  }
}
