package dev.kobjectingest.mapping;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which values a rule treats as missing before anything is coerced: empty (or blank) strings by
 * default, and per rule field the sentinels a source uses for "none" ({@code 0} for a guest's
 * customer id). A missing value is handled as if the payload had no value at all: an optional
 * attribute is cleared, a required one is a {@code missing-field} dead letter.
 *
 * @param emptyStrings whether empty and blank strings are missing (the default; a rule switches it
 *     off with {@code absent: {emptyStrings: false}})
 * @param sentinels by rule field ({@code customer.externalId}) or group of fields ({@code
 *     order.custom}), the values that mean "none", compared as text ({@code 0} matches {@code 0},
 *     {@code 0.0} and {@code "0"})
 */
public record AbsentValues(boolean emptyStrings, Map<String, List<String>> sentinels) {
  public AbsentValues {
    sentinels = Collections.unmodifiableMap(new LinkedHashMap<>(sentinels));
  }

  /** The default: empty strings are missing, no sentinels. */
  public static AbsentValues defaults() {
    return new AbsentValues(true, Map.of());
  }

  /** Whether {@code value}, yielded for the rule field {@code field}, counts as missing. */
  public boolean isAbsent(String field, Object value) {
    if (value == null) {
      return true;
    }
    if (emptyStrings && value instanceof String s && s.isBlank()) {
      return true;
    }
    if (sentinels.isEmpty() || value instanceof Map || value instanceof List) {
      return false;
    }
    String text = canonical(value);
    for (Map.Entry<String, List<String>> e : sentinels.entrySet()) {
      String key = e.getKey();
      if ((field.equals(key) || field.startsWith(key + ".")) && e.getValue().contains(text)) {
        return true;
      }
    }
    return false;
  }

  /** {@code value}, or null when it counts as missing for {@code field}. */
  public Object orNull(String field, Object value) {
    return isAbsent(field, value) ? null : value;
  }

  /** A scalar as the text sentinels are compared with: numbers without trailing zeros. */
  static String canonical(Object value) {
    if (value instanceof Number || value instanceof String) {
      BigDecimal d = Numbers.decimal(value);
      if (d != null && (value instanceof Number || !String.valueOf(value).isBlank())) {
        BigDecimal plain = d.stripTrailingZeros();
        if (Math.abs(plain.scale()) < 64) {
          return (plain.scale() < 0 ? plain.setScale(0) : plain).toPlainString();
        }
      }
    }
    return String.valueOf(value).trim();
  }
}
