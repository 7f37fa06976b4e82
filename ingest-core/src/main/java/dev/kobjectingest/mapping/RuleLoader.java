package dev.kobjectingest.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads {@code mapping-rules/*.yaml} into an immutable {@link RuleSet}, checking everything that
 * can be checked before a payload is seen, and reporting every problem at once with file, rule path
 * and reason. The format is described in {@code mapping-rules/README.md}.
 */
public final class RuleLoader {
  public static final String DEFAULT_ITEMS_FIELD = "lineItems";
  public static final String DEFAULT_SHIPMENTS_FIELD = "shipments";
  static final int MAX_CUSTOM = 100;

  private final List<String> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  private RuleLoader() {}

  /** Loads every {@code .yaml}/{@code .yml} file of {@code dir}. */
  public static RuleSet load(Path dir) throws RuleProblems {
    return load(dir, RuleDefaults.none());
  }

  /**
   * Loads every {@code .yaml}/{@code .yml} file of {@code dir}, with the configuration's defaults.
   */
  public static RuleSet load(Path dir, RuleDefaults defaults) throws RuleProblems {
    if (!Files.isDirectory(dir)) {
      throw new RuleProblems(List.of(dir + ": not a directory of mapping rules"));
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml$")).sorted().toList();
    } catch (IOException e) {
      throw new RuleProblems(List.of(dir + ": cannot be read: " + e.getMessage()));
    }
    Map<String, String> sources = new LinkedHashMap<>();
    for (Path f : files) {
      try {
        sources.put(f.getFileName().toString(), Files.readString(f));
      } catch (IOException e) {
        throw new RuleProblems(List.of(f + ": cannot be read: " + e.getMessage()));
      }
    }
    return fromSources(sources, defaults);
  }

  /** Loads rules given as file name to YAML text (for tests and previews). */
  public static RuleSet fromSources(Map<String, String> sources) throws RuleProblems {
    return fromSources(sources, RuleDefaults.none());
  }

  /** Loads rules given as file name to YAML text, with the configuration's defaults. */
  public static RuleSet fromSources(Map<String, String> sources, RuleDefaults defaults)
      throws RuleProblems {
    RuleLoader loader = new RuleLoader();
    if (defaults.phoneRegion() != null && !Phones.isRegion(defaults.phoneRegion())) {
      loader.problems.add(
          "phone region '" + defaults.phoneRegion() + "' is not a region code such as US or DE");
    }
    Map<String, SourceRule> byTopic = new LinkedHashMap<>();
    if (sources.isEmpty()) {
      loader.problems.add("no rule files (*.yaml) found");
    }
    for (Map.Entry<String, String> e : sources.entrySet()) {
      SourceRule rule =
          new RuleFileParser(e.getKey(), loader.problems, defaults).parse(e.getValue());
      if (rule == null) {
        continue;
      }
      loader.warnings.addAll(RuleWarnings.of(rule));
      SourceRule previous = byTopic.putIfAbsent(rule.topic(), rule);
      if (previous != null) {
        loader.problems.add(
            e.getKey() + ": topic: '" + rule.topic() + "' is already mapped by " + previous.file());
      }
    }
    loader.checkSet(byTopic);
    if (!loader.problems.isEmpty()) {
      throw new RuleProblems(loader.problems);
    }
    return new RuleSet(byTopic, loader.warnings);
  }

  private void checkSet(Map<String, SourceRule> byTopic) {
    if (!byTopic.isEmpty()
        && byTopic.values().stream().noneMatch(r -> r.kind() == RuleKind.ORDER)) {
      problems.add("no rule of kind 'order': without one no order KObject is ever written");
    }
    Set<String> orderCustom = new LinkedHashSet<>();
    for (SourceRule r : byTopic.values()) {
      if (r.order() != null) {
        orderCustom.addAll(r.order().custom().keySet());
      }
      if (r.shipments() != null) {
        orderCustom.addAll(r.shipments().orderCustom().keySet());
      }
    }
    checkAggregates(byTopic);
    if (orderCustom.size() > MAX_CUSTOM) {
      problems.add(
          "all rules together set "
              + orderCustom.size()
              + " custom attributes on the order, over Kustomer's limit of "
              + MAX_CUSTOM);
    }
  }

  /**
   * One customer attribute, one definition: order rules of several topics may each say how their
   * orders add to an aggregate, but not make it a count in one file and a sum in another.
   */
  private void checkAggregates(Map<String, SourceRule> byTopic) {
    Map<String, SourceRule> kindOwner = new HashMap<>();
    for (SourceRule r : byTopic.values()) {
      if (r.customer() == null) {
        continue;
      }
      for (CustomerProfileMapping.Aggregate a : r.customer().profile().aggregates()) {
        SourceRule first = kindOwner.putIfAbsent(a.name(), r);
        if (first != null && kindOf(first, a.name()) != a.kind()) {
          problems.add(
              r.file()
                  + ": customer.aggregates."
                  + a.name()
                  + ": a "
                  + a.kind().name().toLowerCase(Locale.ROOT)
                  + " here but a "
                  + kindOf(first, a.name()).name().toLowerCase(Locale.ROOT)
                  + " in "
                  + first.file()
                  + ": one kind per customer attribute");
        }
      }
    }
  }

  private static CustomerProfileMapping.Aggregate.Kind kindOf(SourceRule r, String name) {
    return r.customer().profile().aggregates().stream()
        .filter(a -> a.name().equals(name))
        .findFirst()
        .orElseThrow()
        .kind();
  }
}
