package dev.kobjectingest.mapping;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Parser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * Watches one evaluation for a string concatenation ({@code &}) with a missing operand: JSONata
 * turns a missing value into {@code ""} there (and a null into {@code "null"}), so {@code 'bc-' &
 * $string(order_id)} yields {@code "bc-"} for a payload without an order id, a key built around
 * nothing. An operand the rule counts as missing (an empty string, a sentinel such as a guest's
 * customer id {@code 0}) is missing here too.
 *
 * <p>It follows the evaluation through the library's public entry and exit callbacks. Those pass
 * the parser's node, whose kind is only visible through {@code toString()} ({@code "Infix null
 * value=&"} for the operator, {@code "Terminal (name) value=order_id"} for a field read); a test
 * pins that form, so a library upgrade that changes it fails the build rather than this check.
 */
final class ConcatTracker {
  private static final String CONCAT = " value=&";
  private static final String NAME = "Terminal (name) value=";

  private final Predicate<Object> absent;
  private final Deque<Node> stack = new ArrayDeque<>();
  private String missing;

  /** {@code absent}: which present values count as missing (empty strings, sentinels). */
  ConcatTracker(Predicate<Object> absent) {
    this.absent = absent;
  }

  /** Registers the callbacks on {@code frame}. */
  void watch(Jsonata.Frame frame) {
    frame.setEvaluateEntryCallback((symbol, input, env) -> enter(symbol));
    frame.setEvaluateExitCallback((symbol, input, env, result) -> exit(symbol, result));
  }

  /** The fields read by the first missing operand of a concatenation ("order_id"), or null. */
  String missing() {
    return missing;
  }

  private void enter(Parser.Symbol symbol) {
    boolean concat =
        "Infix".equals(symbol.getClass().getSimpleName()) && symbol.toString().endsWith(CONCAT);
    stack.push(new Node(symbol, concat));
  }

  private void exit(Parser.Symbol symbol, Object result) {
    Node node = null;
    // Pops to the matching entry, should the library have abandoned an evaluation in between.
    while (!stack.isEmpty()) {
      Node top = stack.pop();
      if (top.symbol == symbol) {
        node = top;
        break;
      }
    }
    if (node == null) {
      return;
    }
    String text = symbol.toString();
    if (text.startsWith(NAME) && !isFunction(result)) {
      String name = text.substring(NAME.length());
      if (!name.isEmpty() && !"$".equals(name)) {
        node.names.add(name);
      }
    }
    Node parent = stack.peek();
    if (parent == null) {
      return;
    }
    if (parent.concat && missing == null && isMissing(result)) {
      missing = node.names.isEmpty() ? "a value" : String.join(".", node.names);
    }
    parent.names.addAll(node.names);
  }

  private static boolean isFunction(Object value) {
    return value instanceof Jsonata.JFunction || value instanceof Parser.Symbol;
  }

  private boolean isMissing(Object value) {
    if (value == null || value == Jsonata.NULL_VALUE) {
      return true;
    }
    if (value instanceof List<?> list) {
      for (Object e : list) {
        if (!isMissing(e)) {
          return false;
        }
      }
      return true;
    }
    return absent.test(value);
  }

  private static final class Node {
    final Parser.Symbol symbol;
    final boolean concat;
    final List<String> names = new ArrayList<>();

    Node(Parser.Symbol symbol, boolean concat) {
      this.symbol = symbol;
      this.concat = concat;
    }
  }
}
