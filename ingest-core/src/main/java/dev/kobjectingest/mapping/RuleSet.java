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

  /**
   * The aggregates the order rules declare, by attribute name: what each customer's profile
   * computes. Each order contributes the measures its own rule maps; the count counts every order.
   */
  public List<CustomerProfileMapping.Aggregate> customerAggregates() {
    Map<String, CustomerProfileMapping.Aggregate> out = new LinkedHashMap<>();
    for (SourceRule r : byTopic.values()) {
      if (r.customer() != null) {
        r.customer().profile().aggregates().forEach(a -> out.putIfAbsent(a.name(), a));
      }
    }
    return List.copyOf(out.values());
  }

  /** True when some order rule keeps customer attributes or aggregates current. */
  public boolean keepsCustomersCurrent() {
    return byTopic.values().stream()
        .anyMatch(r -> r.customer() != null && !r.customer().profile().isEmpty());
  }
}
