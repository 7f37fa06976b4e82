package dev.kobjectingest.config;

import java.util.List;

/** Every configuration problem found, reported together before anything starts. */
public final class ConfigProblems extends Exception {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public ConfigProblems(List<String> problems) {
    super(
        problems.size() + " configuration problem(s):\n  " + String.join("\n  ", problems),
        null,
        false,
        false);
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
