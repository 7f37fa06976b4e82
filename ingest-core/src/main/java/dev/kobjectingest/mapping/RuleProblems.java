package dev.kobjectingest.mapping;

import java.util.List;

/** Every problem found in a rules directory, each as {@code file: rule.path: what is wrong}. */
public final class RuleProblems extends Exception {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public RuleProblems(List<String> problems) {
    super(
        problems.size() + " problem(s) in the mapping rules:\n  " + String.join("\n  ", problems),
        null,
        false,
        false);
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
