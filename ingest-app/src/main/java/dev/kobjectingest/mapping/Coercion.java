package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns an expression's value into what a Kustomer custom attribute of that suffix accepts
 * (api-facts.md 3): numbers given as strings, dates in several formats, booleans as words. A value
 * that cannot be coerced is a {@link MappingException}, never a silent null; an absent value (null)
 * stays null, which clears the attribute.
 */
public final class Coercion {
  /** Kustomer's limit for {@code Str} and {@code Txt} attributes. */
  public static final int MAX_STRING = 1024;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern DECIMAL =
      Pattern.compile("^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?$");
  private static final List<DateTimeFormatter> LOCAL_DATE_TIMES =
      List.of(
          DateTimeFormatter.ISO_LOCAL_DATE_TIME,
          DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT),
          DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT),
          DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT));
  private static final List<String> SUFFIXES = List.of("Str", "Txt", "Num", "At", "Bool", "Url");

  private Coercion() {}

  /** The type suffix of a custom attribute name, or null when it has none we can fill. */
  public static String suffixOf(String attribute) {
    for (String suffix : SUFFIXES) {
      if (attribute.length() > suffix.length() && attribute.endsWith(suffix)) {
        return suffix;
      }
    }
    return null;
  }

  /**
   * Coerces {@code value} for the attribute {@code name}; {@code field} is the rule path for
   * errors.
   */
  public static JsonNode coerce(String name, Object value, String field) throws MappingException {
    if (value == null) {
      return NODES.nullNode();
    }
    String suffix = suffixOf(name);
    if (suffix == null) {
      throw new MappingException(
          MappingException.Reason.RULE_VIOLATION,
          field,
          "attribute has no Kustomer type suffix " + SUFFIXES);
    }
    return switch (suffix) {
      case "Str", "Txt" -> NODES.textNode(text(value, field));
      case "Num" -> NODES.numberNode(number(value, field));
      case "At" -> NODES.textNode(instant(value, field).toString());
      case "Bool" -> NODES.booleanNode(bool(value, field));
      case "Url" -> NODES.textNode(url(value, field));
      default -> throw new IllegalStateException("unhandled suffix " + suffix);
    };
  }

  static String text(Object value, String field) throws MappingException {
    if (value instanceof Map || value instanceof List) {
      throw invalid(
          field, "a " + (value instanceof Map ? "object" : "list") + " cannot be a text attribute");
    }
    String s =
        value instanceof Double d && d == Math.rint(d) && !d.isInfinite()
            ? String.valueOf(d.longValue())
            : String.valueOf(value);
    if (s.length() > MAX_STRING) {
      throw new MappingException(
          MappingException.Reason.RULE_VIOLATION,
          field,
          "text is " + s.length() + " characters, over Kustomer's limit of " + MAX_STRING);
    }
    return s;
  }

  static BigDecimal number(Object value, String field) throws MappingException {
    if (value instanceof Number n) {
      BigDecimal d = new BigDecimal(n.toString());
      return d.stripTrailingZeros().scale() < 0 ? d.setScale(0) : d.stripTrailingZeros();
    }
    if (value instanceof String s && DECIMAL.matcher(s.trim()).matches()) {
      BigDecimal d = new BigDecimal(s.trim());
      return d.stripTrailingZeros().scale() < 0 ? d.setScale(0) : d.stripTrailingZeros();
    }
    throw invalid(field, "'" + abbreviate(value) + "' is not a number");
  }

  static boolean bool(Object value, String field) throws MappingException {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
      return n.doubleValue() == 1;
    }
    if (value instanceof String s) {
      switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "y", "1" -> {
          return true;
        }
        case "false", "no", "n", "0" -> {
          return false;
        }
        default -> {}
      }
    }
    throw invalid(field, "'" + abbreviate(value) + "' is not a boolean");
  }

  /**
   * An instant from ISO-8601 with an offset, ISO local date-times and dates (read as UTC), {@code
   * yyyy-MM-dd HH:mm[:ss]}, RFC 1123, or epoch seconds/milliseconds (numbers below 10^11 are
   * seconds).
   */
  public static Instant instant(Object value, String field) throws MappingException {
    if (value instanceof Number n) {
      long v = n.longValue();
      return Math.abs(v) < 100_000_000_000L ? Instant.ofEpochSecond(v) : Instant.ofEpochMilli(v);
    }
    if (value instanceof String s) {
      String t = s.trim();
      if (DECIMAL.matcher(t).matches() && !t.contains(".")) {
        return instant(Long.parseLong(t), field);
      }
      try {
        return OffsetDateTime.parse(t).toInstant();
      } catch (DateTimeParseException ignored) {
        // next format
      }
      try {
        return Instant.parse(t);
      } catch (DateTimeParseException ignored) {
        // next format
      }
      for (DateTimeFormatter f : LOCAL_DATE_TIMES) {
        try {
          return LocalDateTime.parse(t, f).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
          // next format
        }
      }
      try {
        return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException ignored) {
        // next format
      }
      try {
        return OffsetDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException ignored) {
        // no format left
      }
    }
    throw invalid(field, "'" + abbreviate(value) + "' is not a date-time");
  }

  static String url(Object value, String field) throws MappingException {
    String s = String.valueOf(value).trim();
    try {
      URI uri = new URI(s);
      if (uri.getHost() != null
          && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        return s;
      }
    } catch (URISyntaxException ignored) {
      // reported below
    }
    throw invalid(field, "'" + abbreviate(value) + "' is not an http(s) URL");
  }

  private static MappingException invalid(String field, String message) {
    return new MappingException(MappingException.Reason.INVALID_VALUE, field, message);
  }

  /**
   * Payload values in reasons are cut short: dead letters should explain, not copy customer data.
   */
  static String abbreviate(Object value) {
    String s = String.valueOf(value);
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
