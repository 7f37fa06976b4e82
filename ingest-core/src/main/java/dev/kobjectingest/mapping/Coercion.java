package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an expression's value into what a Kustomer custom attribute of that suffix accepts
 * (docs/kustomer-api.md 3): numbers given as strings, dates in several formats, booleans as words.
 * A value that cannot be coerced is a {@link MappingException}, never a silent null; an absent
 * value (null) stays null, which clears the attribute.
 */
public final class Coercion {
  /** Kustomer's limit for {@code Str} and {@code Txt} attributes. */
  public static final int MAX_STRING = 1024;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** RFC 3339 (OpenAPI's date-time) has four-digit years; Kustomer stores no other. */
  static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");

  static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999Z");
  private static final BigDecimal MAX_EPOCH = BigDecimal.valueOf(MAX_INSTANT.toEpochMilli());
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
    return coerce(name, value, field, ZoneOffset.UTC);
  }

  /**
   * As {@link #coerce(String, Object, String)}, reading date-times without an offset in {@code
   * zone} (a rule's {@code timeZone}).
   */
  public static JsonNode coerce(String name, Object value, String field, ZoneId zone)
      throws MappingException {
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
      case "At" -> NODES.textNode(instant(value, field, zone).toString());
      case "Bool" -> NODES.booleanNode(bool(value, field));
      case "Url" -> NODES.textNode(url(value, field));
      default -> throw new IllegalStateException("unhandled suffix " + suffix);
    };
  }

  /**
   * The first {@code max} chars of {@code s}, one fewer when the cut would split a surrogate pair:
   * half an emoji is not text.
   */
  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end);
  }

  static String text(Object value, String field) throws MappingException {
    if (value instanceof Map || value instanceof List) {
      throw invalid(
          field, "a " + (value instanceof Map ? "object" : "list") + " cannot be a text attribute");
    }
    String s = value instanceof Number n ? numberText(n, field) : String.valueOf(value);
    if (s.length() > MAX_STRING) {
      throw new MappingException(
          MappingException.Reason.RULE_VIOLATION,
          field,
          "text is " + s.length() + " characters, over Kustomer's limit of " + MAX_STRING);
    }
    return s;
  }

  /** A number as text: whole numbers without a point or exponent ({@code 1234.0} → "1234"). */
  private static String numberText(Number n, String field) throws MappingException {
    BigDecimal d = Numbers.decimal(n);
    if (d == null) {
      throw invalid(field, "'" + abbreviate(n) + "' is not a finite number", n);
    }
    // toPlainString of 1E+999999999 would be a billion characters: refuse what cannot fit first.
    if (d.precision() - d.scale() > MAX_STRING) {
      throw invalid(field, "'" + abbreviate(n) + "' is too large for a text attribute", n);
    }
    BigDecimal plain = d.stripTrailingZeros();
    return (plain.scale() < 0 ? plain.setScale(0) : plain).toPlainString();
  }

  static BigDecimal number(Object value, String field) throws MappingException {
    BigDecimal d = Numbers.decimal(value);
    if (d == null) {
      throw invalid(field, "'" + abbreviate(value) + "' is not a number", value);
    }
    if (!Numbers.withinExactRange(d)) {
      throw invalid(
          field,
          "'" + abbreviate(value) + "' is out of range (at most 2^53 - 1 in magnitude)",
          value);
    }
    if (d.signum() != 0 && d.doubleValue() == 0) {
      throw invalid(
          field, "'" + abbreviate(value) + "' is too small to store (it would be 0)", value);
    }
    return Numbers.asStored(d);
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
    throw invalid(field, "'" + abbreviate(value) + "' is not a boolean", value);
  }

  /**
   * An instant from ISO-8601 with an offset, ISO local date-times and dates (read as UTC unless a
   * zone is given), {@code yyyy-MM-dd HH:mm[:ss]}, RFC 1123, or epoch seconds/milliseconds (numbers
   * below 10^11 are seconds).
   */
  public static Instant instant(Object value, String field) throws MappingException {
    return instant(value, field, ZoneOffset.UTC);
  }

  /**
   * As {@link #instant(Object, String)}, reading local date-times and dates in {@code zone}. In a
   * daylight-saving gap the time moves forward by the gap; in an overlap the earlier offset wins
   * ({@link java.time.ZonedDateTime#of}).
   */
  public static Instant instant(Object value, String field, ZoneId zone) throws MappingException {
    Instant parsed = parseInstant(value, zone);
    if (parsed == null) {
      throw invalid(field, "'" + abbreviate(value) + "' is not a date-time", value);
    }
    if (parsed.isBefore(MIN_INSTANT) || parsed.isAfter(MAX_INSTANT)) {
      throw invalid(
          field,
          "'" + abbreviate(value) + "' is outside the years 0001-9999 Kustomer stores",
          value);
    }
    return parsed;
  }

  private static Instant parseInstant(Object value, ZoneId zone) {
    if (value instanceof Number n) {
      return epoch(Numbers.decimal(n));
    }
    if (!(value instanceof String s)) {
      return null;
    }
    String t = s.trim();
    if (Numbers.isIntegerText(t)) {
      // Only plain digits are an epoch: "1e5" or "12.5" as a date is a mistake, not a time.
      return epoch(Numbers.decimal(t));
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeException ignored) {
      // next format
    }
    try {
      return Instant.parse(t);
    } catch (DateTimeException ignored) {
      // next format
    }
    for (DateTimeFormatter f : LOCAL_DATE_TIMES) {
      try {
        return LocalDateTime.parse(t, f).atZone(zone).toInstant();
      } catch (DateTimeException ignored) {
        // next format
      }
    }
    try {
      return LocalDate.parse(t).atStartOfDay(zone).toInstant();
    } catch (DateTimeException ignored) {
      // next format
    }
    try {
      return OffsetDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeException ignored) {
      return null;
    }
  }

  /** Epoch seconds below 10^11 (until the year 5138), else milliseconds; null when absurd. */
  private static Instant epoch(BigDecimal v) {
    if (v == null || v.abs().compareTo(MAX_EPOCH) > 0) {
      return null;
    }
    long whole = v.longValue();
    return Math.abs(whole) < 100_000_000_000L
        ? Instant.ofEpochSecond(whole)
        : Instant.ofEpochMilli(whole);
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
    throw invalid(field, "'" + abbreviate(value) + "' is not an http(s) URL", value);
  }

  private static MappingException invalid(String field, String message) {
    return new MappingException(MappingException.Reason.INVALID_VALUE, field, message);
  }

  private static MappingException invalid(String field, String message, Object value) {
    return new MappingException(MappingException.Reason.INVALID_VALUE, field, message, value);
  }

  /**
   * Payload values in reasons are cut short: dead letters should explain, not copy customer data.
   */
  static String abbreviate(Object value) {
    String s = String.valueOf(value);
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
