package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.mapping.CustomerProfileMapping.Aggregate;
import java.util.Map;

/**
 * What one order says about its customer ({@link CustomerFacts}). A value the order does not have
 * is left out, not cleared: an order without a locale says nothing about the customer's locale.
 */
final class CustomerFactsMapper {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Kustomer's lengths for the standard attributes (a longer name is cut, as at create). */
  private static final Map<String, Integer> LIMITS =
      Map.of("name", 256, "locale", 16, "timeZone", 64);

  private final CustomerProfileMapping profile;
  private final RuleValues values;
  private final SourceRule rule;

  CustomerFactsMapper(SourceRule rule, RuleValues values) {
    this.rule = rule;
    this.profile = rule.customer().profile();
    this.values = values;
  }

  /** The order's facts, or null when the rule keeps nothing current on customers. */
  CustomerFacts map(Object input, Map<String, Object> vars, long version) throws MappingException {
    if (profile.isEmpty()) {
      return null;
    }
    ObjectNode attributes = NODES.objectNode();
    for (Map.Entry<String, Expression> e : profile.attributes().entrySet()) {
      String field = "customer.attributes." + e.getKey();
      String text = values.optionalText(e.getValue(), input, vars, field);
      if (text == null || text.isBlank()) {
        continue;
      }
      int limit = LIMITS.get(e.getKey());
      if (e.getKey().equals("name") && text.length() > limit) {
        attributes.put("name", Coercion.cut(text, limit));
      } else if (text.length() <= limit) {
        // A locale or time zone Kustomer would refuse is no locale at all: the order still goes.
        attributes.put(e.getKey(), text);
      }
    }
    ObjectNode custom = values.custom(profile.custom(), input, vars);
    custom.properties().removeIf(e -> e.getValue().isNull());
    if (!custom.isEmpty()) {
      attributes.set("custom", custom);
    }
    ObjectNode measures = NODES.objectNode();
    for (Aggregate a : profile.aggregates()) {
      if (a.kind() == Aggregate.Kind.COUNT) {
        continue;
      }
      Object v = values.value(a.of(), input, vars);
      JsonNode typed = Coercion.coerce(a.name(), v, a.of().field(), rule.timeZone());
      if (!typed.isNull()) {
        measures.set(a.name(), typed);
      }
    }
    return new CustomerFacts(attributes, measures, version);
  }
}
