package dev.kobjectingest.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a KObject's fields come from a payload: {@code title}, typed {@code custom} attributes (name
 * suffix gives the type), raw {@code data} and {@code tags}. Any of them may be absent where the
 * rule kind allows it.
 */
public record ObjectMapping(
    Expression title, Map<String, Expression> custom, DataMapping data, Expression tags) {
  public ObjectMapping {
    custom = Collections.unmodifiableMap(new LinkedHashMap<>(custom));
    data = data == null ? DataMapping.empty() : data;
  }

  ObjectMapping copy() {
    Map<String, Expression> c = new LinkedHashMap<>();
    custom.forEach((k, v) -> c.put(k, v.copy()));
    return new ObjectMapping(
        title == null ? null : title.copy(), c, data.copy(), tags == null ? null : tags.copy());
  }
}
