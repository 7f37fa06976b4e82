package dev.kobjectingest.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * How a raw {@code data} structure is built: one expression for the whole value, or an object whose
 * keys are each an expression. Kustomer does not index {@code data}; it is what the timeline card
 * renders.
 *
 * @param lists the keys declared as lists ({@code shippingLines[]} in the rule): always a JSON
 *     array, whether the expression yields one value, several or none
 */
public record DataMapping(Expression whole, Map<String, Expression> fields, Set<String> lists) {
  public DataMapping {
    fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    lists = lists == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(lists));
  }

  public DataMapping(Expression whole, Map<String, Expression> fields) {
    this(whole, fields, Set.of());
  }

  public static DataMapping empty() {
    return new DataMapping(null, Map.of());
  }

  public boolean isEmpty() {
    return whole == null && fields.isEmpty();
  }

  DataMapping copy() {
    Map<String, Expression> f = new LinkedHashMap<>();
    fields.forEach((k, v) -> f.put(k, v.copy()));
    return new DataMapping(whole == null ? null : whole.copy(), f, lists);
  }
}
