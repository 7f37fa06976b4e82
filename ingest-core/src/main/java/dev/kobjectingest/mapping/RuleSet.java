package dev.kobjectingest.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All mapping rules, by source topic, with the warnings found while loading them (things that work
 * but may not do what the author meant; {@code rules validate} prints them).
 */
public record RuleSet(Map<String, SourceRule> byTopic, List<String> warnings) {
  public RuleSet {
    byTopic = Collections.unmodifiableMap(new LinkedHashMap<>(byTopic));
    warnings = List.copyOf(warnings);
  }

  public RuleSet(Map<String, SourceRule> byTopic) {
    this(byTopic, List.of());
  }

  public List<String> topics() {
    return List.copyOf(byTopic.keySet());
  }

  public SourceRule forTopic(String topic) {
    return byTopic.get(topic);
  }

  /** The data field the items go to, from the first order rule that maps items. */
  public String itemsDataField() {
    return byTopic.values().stream()
        .filter(r -> r.items() != null)
        .map(r -> r.items().dataField())
        .findFirst()
        .orElse(RuleLoader.DEFAULT_ITEMS_FIELD);
  }

  public String shipmentsDataField() {
    return byTopic.values().stream()
        .filter(r -> r.shipments() != null)
        .map(r -> r.shipments().dataField())
        .findFirst()
        .orElse(RuleLoader.DEFAULT_SHIPMENTS_FIELD);
  }
}
