package dev.kobjectingest.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Numbers from payloads, checked before anything computes with them. A JSON number may be {@code
 * 1e400} (a non-finite double once parsed), a string may be {@code "1e999999999"} (a valid
 * BigDecimal whose scaling would allocate gigabytes); Kustomer and JavaScript read numbers as
 * doubles. So every number is first held as a {@link BigDecimal} whose size was checked, and only
 * then converted.
 */
final class Numbers {
  /** The largest integer a double (and so JavaScript, and Kustomer) holds exactly: 2^53 − 1. */
  static final BigDecimal MAX_EXACT = BigDecimal.valueOf(9_007_199_254_740_991L);

  private static final Pattern DECIMAL =
      Pattern.compile("^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?$");
  private static final Pattern INTEGER = Pattern.compile("^[+-]?\\d+$");
  private static final int MAX_TEXT = 64;

  private Numbers() {}

  /**
   * The value as a decimal, or null when it is not a finite number (non-finite doubles, text that
   * is not a plain decimal, text too long to be a sensible number).
   */
  static BigDecimal decimal(Object value) {
    if (value instanceof Double d) {
      return Double.isFinite(d) ? new BigDecimal(d.toString()) : null;
    }
    if (value instanceof Float f) {
      return Float.isFinite(f) ? new BigDecimal(f.toString()) : null;
    }
    if (value instanceof BigDecimal b) {
      return b;
    }
    if (value instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof String s) {
      String t = s.trim();
      if (t.length() > MAX_TEXT || !DECIMAL.matcher(t).matches()) {
        return null;
      }
      try {
        return new BigDecimal(t);
      } catch (NumberFormatException e) {
        return null; // an exponent beyond int range
      }
    }
    return null;
  }

  /** True for text of digits only (a sign allowed): no point, no exponent. */
  static boolean isIntegerText(String s) {
    String t = s.trim();
    return t.length() <= MAX_TEXT && INTEGER.matcher(t).matches();
  }

  /** Whether {@code d} is within ±(2^53 − 1); cheap even for {@code 1E+999999999}. */
  static boolean withinExactRange(BigDecimal d) {
    return d.abs().compareTo(MAX_EXACT) <= 0;
  }

  /**
   * The number as Kustomer will store it (a double), written without an exponent when whole: {@code
   * 12.50} → {@code 12.5}, {@code 1e3} → {@code 1000}. The caller checked the range.
   */
  static BigDecimal asStored(BigDecimal d) {
    BigDecimal stored = new BigDecimal(Double.toString(d.doubleValue())).stripTrailingZeros();
    return stored.scale() < 0 ? stored.setScale(0) : stored;
  }
}
