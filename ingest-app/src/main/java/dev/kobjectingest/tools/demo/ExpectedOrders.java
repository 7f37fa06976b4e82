package dev.kobjectingest.tools.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kobjectingest.mapping.EventMapper;
import dev.kobjectingest.mapping.KObjectComposer;
import dev.kobjectingest.mapping.MappedEvent;
import dev.kobjectingest.mapping.MappingException;
import dev.kobjectingest.mapping.OrderState;
import dev.kobjectingest.mapping.OrderStateMerger;
import dev.kobjectingest.mapping.OrderWrite;
import dev.kobjectingest.mapping.RuleSet;
import dev.kobjectingest.mapping.SourceRule;
import dev.kobjectingest.mapping.WriteModel;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The latest state of every valid order, computed from the generated events with the same pure
 * functions the topology uses (order of arrival does not matter: latest wins), and the check of a
 * KObject against it.
 */
final class ExpectedOrders {
  /** Numbers compare by value: 36 and 36.0 are the same amount. */
  static final Comparator<JsonNode> SAME =
      (a, b) -> {
        if (a.equals(b)) {
          return 0;
        }
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return 1;
      };

  private final Map<String, OrderWrite> writes = new HashMap<>();
  private final Map<String, OrderState> states = new HashMap<>();

  ExpectedOrders(
      RuleSet rules,
      Map<String, String> topicByKind,
      List<DemoOrders.RawEvent> events,
      WriteModel model)
      throws MappingException {
    Map<String, EventMapper> mappers = new HashMap<>();
    for (DemoOrders.RawEvent e : events) {
      if (!e.valid()) {
        continue;
      }
      SourceRule rule = rules.forTopic(topicByKind.get(e.kind()));
      MappedEvent m =
          mappers
              .computeIfAbsent(e.kind(), k -> new EventMapper(rule.copy()))
              .map(e.json().getBytes(StandardCharsets.UTF_8));
      states.put(
          m.orderId(),
          OrderStateMerger.apply(
              states.getOrDefault(m.orderId(), OrderState.empty(m.orderId())), m));
    }
    KObjectComposer composer =
        new KObjectComposer(model, rules.itemsDataField(), rules.shipmentsDataField());
    for (OrderState s : states.values()) {
      writes.put(s.orderId(), composer.compose(s));
    }
  }

  /** Every valid order's final state, by order id. */
  Map<String, OrderState> states() {
    return states;
  }

  OrderWrite get(String orderId) {
    return writes.get(orderId);
  }

  /** Whether a KObject's attributes hold the expected body (title, custom, data, tags). */
  static boolean matches(JsonNode expected, JsonNode attributes) {
    if (!expected.path("title").equals(SAME, attributes.path("title"))) {
      return false;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.path("custom").properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode actual = attributes.path("custom").path(e.getKey());
      if (e.getValue().isNull()
          ? !(actual.isNull() || actual.isMissingNode())
          : !e.getValue().equals(SAME, actual)) {
        return false;
      }
    }
    // Item bodies carry no tags; an object without them reads back as [].
    boolean tagsMatch =
        !expected.has("tags") || expected.path("tags").equals(SAME, attributes.path("tags"));
    return expected.path("data").equals(SAME, attributes.path("data")) && tagsMatch;
  }
}
