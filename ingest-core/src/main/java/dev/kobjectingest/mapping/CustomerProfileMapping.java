package dev.kobjectingest.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an order rule keeps current on its customer: attributes the rules own, taken from the newest
 * order ({@code name}, {@code locale}, {@code timeZone}, typed {@code custom} attributes), and
 * aggregates over all of the customer's orders. Identities (emails, phones, externalIds) are never
 * among them: they are the customer's, not the shop's latest word.
 *
 * @param attributes standard attributes by name ({@code name}, {@code locale}, {@code timeZone})
 * @param custom typed custom attributes by name
 * @param aggregates written as custom attributes, in the order declared
 */
public record CustomerProfileMapping(
    Map<String, Expression> attributes,
    Map<String, Expression> custom,
    List<Aggregate> aggregates) {
  /** The standard customer attributes a rule may own. */
  public static final List<String> STANDARD = List.of("name", "locale", "timeZone");

  public CustomerProfileMapping {
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    custom = Collections.unmodifiableMap(new LinkedHashMap<>(custom));
    aggregates = List.copyOf(aggregates);
  }

  public static CustomerProfileMapping none() {
    return new CustomerProfileMapping(Map.of(), Map.of(), List.of());
  }

  /** True when the rule keeps nothing current: customers are only found or created. */
  public boolean isEmpty() {
    return attributes.isEmpty() && custom.isEmpty() && aggregates.isEmpty();
  }

  CustomerProfileMapping copy() {
    Map<String, Expression> a = new LinkedHashMap<>();
    attributes.forEach((k, v) -> a.put(k, v.copy()));
    Map<String, Expression> c = new LinkedHashMap<>();
    custom.forEach((k, v) -> c.put(k, v.copy()));
    return new CustomerProfileMapping(a, c, aggregates.stream().map(Aggregate::copy).toList());
  }

  /**
   * One aggregate over a customer's orders, written as the custom attribute {@code name}.
   *
   * @param of the order's value (null for {@link Kind#COUNT})
   */
  public record Aggregate(String name, Kind kind, Expression of) {
    public enum Kind {
      /** How many orders the customer has. */
      COUNT,
      /** The sum of a number over the customer's orders (lifetime value). */
      SUM,
      /** The latest of a date over the customer's orders (last order at). */
      LATEST
    }

    Aggregate copy() {
      return new Aggregate(name, kind, of == null ? null : of.copy());
    }
  }
}
