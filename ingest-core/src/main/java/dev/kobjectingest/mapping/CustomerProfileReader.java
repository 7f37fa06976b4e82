package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kobjectingest.mapping.CustomerProfileMapping.Aggregate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads what an order rule keeps current on its customer: {@code customer.attributes} (the newest
 * order's values win) and {@code customer.aggregates} (over all of the customer's orders).
 */
final class CustomerProfileReader {
  /**
   * Customer fields a rule may not own, each with why: identities belong to the customer (the
   * pipeline never changes those of a customer it did not create), and a list Kustomer replaces as
   * a whole would drop what agents added.
   */
  private static final Map<String, String> REFUSED =
      Map.of(
          "emails", "identities are never updated (the customer's, not the shop's)",
          "phones", "identities are never updated (the customer's, not the shop's)",
          "externalId", "identities are never updated (the customer's, not the shop's)",
          "externalIds", "identities are never updated (the customer's, not the shop's)",
          "tags", "Kustomer replaces a customer's tags as a whole: agents' tags would be lost",
          "company", "a company link is managed in Kustomer, not by the rules");

  private final RuleNodeReader nodes;
  private final ObjectMappingReader objects;

  CustomerProfileReader(RuleNodeReader nodes) {
    this.nodes = nodes;
    this.objects = new ObjectMappingReader(nodes);
  }

  CustomerProfileMapping read(JsonNode customer) {
    Map<String, Expression> attributes = new LinkedHashMap<>();
    Map<String, Expression> custom = new LinkedHashMap<>();
    JsonNode a = customer.get("attributes");
    if (a != null && !a.isNull()) {
      readAttributes(a, attributes, custom);
    }
    List<Aggregate> aggregates = aggregates(customer.get("aggregates"), custom.keySet());
    if (custom.size() + aggregates.size() > RuleLoader.MAX_CUSTOM) {
      nodes.problem(
          "customer",
          custom.size()
              + aggregates.size()
              + " custom attributes and aggregates, over Kustomer's limit of "
              + RuleLoader.MAX_CUSTOM);
    }
    return new CustomerProfileMapping(attributes, custom, aggregates);
  }

  private void readAttributes(
      JsonNode a, Map<String, Expression> attributes, Map<String, Expression> custom) {
    if (!a.isObject()) {
      nodes.problem("customer.attributes", "must be a mapping of attribute name to expression");
      return;
    }
    for (Map.Entry<String, JsonNode> e : a.properties()) {
      String key = e.getKey();
      String at = "customer.attributes." + key;
      if (key.equals("custom")) {
        custom.putAll(objects.custom(e.getValue(), at));
      } else if (REFUSED.containsKey(key)) {
        nodes.problem(at, "not kept current by rules: " + REFUSED.get(key));
      } else if (!CustomerProfileMapping.STANDARD.contains(key)) {
        nodes.problem(
            at,
            "unknown customer attribute; the rules may keep current "
                + CustomerProfileMapping.STANDARD
                + " and custom");
      } else {
        Expression ex = nodes.exprOf(e.getValue(), at);
        if (ex != null) {
          attributes.put(key, ex);
        }
      }
    }
  }

  private List<Aggregate> aggregates(JsonNode node, Set<String> customNames) {
    List<Aggregate> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      nodes.problem(
          "customer.aggregates",
          "must be a mapping of attribute name to count, {sum: expression} or {latest: expression}");
      return out;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String name = e.getKey();
      String at = "customer.aggregates." + name;
      if (customNames.contains(name)) {
        nodes.problem(
            at, "also a custom attribute of customer.attributes: one owner per attribute");
        continue;
      }
      Aggregate aggregate = aggregate(name, e.getValue(), at);
      if (aggregate != null) {
        out.add(aggregate);
      }
    }
    return out;
  }

  private Aggregate aggregate(String name, JsonNode spec, String at) {
    Aggregate.Kind kind;
    Expression of = null;
    if (spec.isTextual() && spec.asText().equals("count")) {
      kind = Aggregate.Kind.COUNT;
    } else if (spec.isObject() && spec.size() == 1 && spec.has("sum")) {
      kind = Aggregate.Kind.SUM;
      of = nodes.exprOf(spec.get("sum"), at + ".sum");
    } else if (spec.isObject() && spec.size() == 1 && spec.has("latest")) {
      kind = Aggregate.Kind.LATEST;
      of = nodes.exprOf(spec.get("latest"), at + ".latest");
    } else {
      nodes.problem(at, "must be count, {sum: expression} or {latest: expression}");
      return null;
    }
    String suffix = kind == Aggregate.Kind.LATEST ? "At" : "Num";
    if (!name.matches("^[a-z][A-Za-z0-9]*" + suffix + "$")) {
      nodes.problem(
          at,
          "a "
              + kind.name().toLowerCase(Locale.ROOT)
              + " is written as a custom attribute: a camelCase name ending in "
              + suffix);
      return null;
    }
    return kind != Aggregate.Kind.COUNT && of == null ? null : new Aggregate(name, kind, of);
  }
}
