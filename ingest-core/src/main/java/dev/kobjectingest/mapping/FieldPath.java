package dev.kobjectingest.mapping;

import com.dashjoin.jsonata.Utils;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A rule expression that is nothing but a dotted path of plain names ({@code customer.email},
 * {@code totals.grand}) or the context alone ({@code $}), read by walking the payload's maps. Most
 * of the shipped rules' expressions are of this kind, and the library spends far more on them (a
 * frame, sequences built and unwrapped per step, a walk over the result to convert its nulls) than
 * the lookups themselves cost.
 *
 * <p>It answers only where the library's answer is plain: every step meets an object, a scalar, a
 * null or nothing. Where it would meet an array before the last step (the library maps the rest of
 * the path over the array's elements and flattens the results) or the input is not an object, it
 * declines with {@link #UNDECIDED} and the library evaluates as before. A property test holds it to
 * the library's results.
 */
final class FieldPath {
  /** What {@link #read} returns when the library must evaluate. */
  static final Object UNDECIDED = new Object();

  private static final Pattern PLAIN =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*");

  /**
   * Names the library's tokenizer reads as operators or literals ({@code null} is a value, not a
   * field), and the one its parser may read as a lambda: never a field read on the fast path.
   */
  private static final Set<String> RESERVED =
      Set.of("and", "or", "in", "true", "false", "null", "function");

  private final String[] names;

  private FieldPath(String[] names) {
    this.names = names;
  }

  /** The path {@code source} is, or null when it is any other expression. */
  static FieldPath of(String source) {
    if ("$".equals(source)) {
      return new FieldPath(new String[0]);
    }
    if (!PLAIN.matcher(source).matches()) {
      return null;
    }
    String[] names = source.split("\\.", -1);
    for (String name : names) {
      if (RESERVED.contains(name)) {
        return null;
      }
    }
    return new FieldPath(names);
  }

  /**
   * The value at this path in {@code input} as the library would return it (the payload's own
   * object, not a copy; null for a missing field or a JSON null), or {@link #UNDECIDED}.
   */
  Object read(Object input) {
    // The library wraps a top-level array, and maps over it: left to it.
    if (!(input instanceof Map)) {
      return UNDECIDED;
    }
    Object value = input;
    for (String name : names) {
      if (value instanceof Map<?, ?> map) {
        value = map.get(name);
      } else if (value instanceof List) {
        return UNDECIDED;
      } else {
        // A field of a scalar, of a null or of nothing is nothing.
        return null;
      }
    }
    // The library unwraps its own sequences (one element becomes the element, none becomes
    // nothing); a payload holds none, but a value one of its expressions built might.
    return value instanceof Utils.JList ? UNDECIDED : value;
  }
}
