package dev.kobjectingest.mapping;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import java.util.Map;

/**
 * One JSONata expression of a rule, with the rule field it belongs to. Compiled once per user (a
 * Streams task compiles its own copy): the library's expression objects are not documented as
 * thread-safe.
 */
public final class Expression {
  private final String field;
  private final String source;
  private final Jsonata compiled;

  /** Reads a plain field path without the library; null for every other expression. */
  private final FieldPath path;

  private Expression(String field, String source, Jsonata compiled, FieldPath path) {
    this.field = field;
    this.source = source;
    this.compiled = compiled;
    this.path = path;
  }

  /**
   * Compiles {@code source}; a syntax error, or a call to a function that does not exist (found by
   * a dry run on an empty payload), is reported as an {@link IllegalArgumentException} whose
   * message says what is wrong.
   */
  public static Expression compile(String field, String source) {
    Jsonata compiled;
    try {
      compiled = compiled(source);
    } catch (JException | IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("expression does not compile: " + e.getMessage(), e);
    }
    try {
      compiled.evaluate(Map.of());
    } catch (JException e) {
      if (String.valueOf(e.getMessage()).contains("non-function")) {
        throw new IllegalArgumentException("expression calls an unknown function: " + source, e);
      }
    } catch (RuntimeException e) {
      // Other failures on an empty payload are data-dependent (e.g. $number of a missing field):
      // fine here.
    }
    return new Expression(field, source, compiled, FieldPath.of(source));
  }

  /** A fresh compilation of the same expression, for another thread. */
  public Expression copy() {
    // The path holds no state of an evaluation: shared.
    return new Expression(field, source, compiled(source), path);
  }

  /** The same expression, always evaluated by the library: what the fast path is held to. */
  Expression libraryOnly() {
    return new Expression(field, source, compiled(source), null);
  }

  /** Whether {@link #evaluate} reads {@code input} without the library. */
  boolean readsDirectly(Object input) {
    return path != null && path.read(input) != FieldPath.UNDECIDED;
  }

  /**
   * The library's compiled expression, without its input check. That check walks the whole input on
   * every evaluation (a payload's every value, once per expression: about a tenth of the mapping
   * stage's time with the shipped rules) and refuses only Java types that are not JSON. The inputs
   * here are what {@link Payloads#parse} reads (maps, lists, strings, numbers, booleans, nulls) and
   * values taken from them, which it accepts by construction.
   */
  private static Jsonata compiled(String source) {
    Jsonata compiled = Jsonata.jsonata(source);
    compiled.setValidateInput(false);
    return compiled;
  }

  public String field() {
    return field;
  }

  public String source() {
    return source;
  }

  /**
   * Evaluates against {@code input} with variables bound ({@code $order} for item expressions,
   * ...). Library failures (it throws plain runtime exceptions on odd input) become a {@link
   * MappingException} naming the field and the expression.
   */
  public Object evaluate(Object input, Map<String, Object> variables) throws MappingException {
    return evaluate(input, variables, null);
  }

  /**
   * Evaluates an id expression: the value, and what a string concatenation in it read that was
   * missing (null when nothing was), so an id is never built around a missing value.
   */
  public Traced evaluateTraced(
      Object input, Map<String, Object> variables, java.util.function.Predicate<Object> absent)
      throws MappingException {
    ConcatTracker tracker = new ConcatTracker(absent);
    Object value = evaluate(input, variables, tracker);
    return new Traced(value, tracker.missing());
  }

  /**
   * A value and, for id expressions, the field a concatenation read that was missing.
   *
   * @param missingOperand e.g. {@code order_id} for {@code 'bc-' & $string(order_id)} on a payload
   *     without {@code order_id}; null when every operand was present
   */
  public record Traced(Object value, String missingOperand) {}

  private Object evaluate(Object input, Map<String, Object> variables, ConcatTracker tracker)
      throws MappingException {
    // A plain path has no concatenation, so the tracker has nothing to report either way.
    if (path != null) {
      Object value = path.read(input);
      if (value != FieldPath.UNDECIDED) {
        return value;
      }
    }
    try {
      Jsonata.Frame frame = compiled.createFrame();
      variables.forEach(frame::bind);
      if (tracker != null) {
        tracker.watch(frame);
      }
      Object value = compiled.evaluate(input, frame);
      return value == Jsonata.NULL_VALUE ? null : value;
    } catch (RuntimeException e) {
      throw new MappingException(
          MappingException.Reason.RULE_VIOLATION,
          field,
          "expression '"
              + source
              + "' failed: "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage());
    }
  }
}
