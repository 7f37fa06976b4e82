package dev.kobjectingest.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a raw {@code data} structure is built: one expression for the whole value, or an object whose
 * keys are each an expression. Kustomer does not index {@code data}; it is what the timeline card
 * renders.
 */
public record DataMapping(Expression whole, Map<String, Expression> fields) {
  public DataMapping {
    fields =
        fields == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
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
    return new DataMapping(whole == null ? null : whole.copy(), f);
  }
}
