package dev.kobjectingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Reading a plain field path without the library ({@link FieldPath}) gives what the library gives,
 * for every payload: the same object (not an equal copy) where the fast path answers, and the
 * library's own answer where it declines.
 */
class FieldPathPropertiesTest {
  /** Plain names, some of them words the library reads as operators or literals. */
  private static final List<String> NAMES =
      List.of("a", "b", "c", "order", "_x", "A1", "null", "and", "in", "true", "function");

  private static final Map<String, Object> VARS = Map.of("order", Map.of("id", 1));

  record Case(Object input, String source) {
    @Override
    public String toString() {
      return source + " over " + input;
    }
  }

  @Property(tries = 5_000)
  void aPathReadsWhatTheLibraryReads(@ForAll("cases") Case c) throws Exception {
    Expression expression;
    try {
      expression = Expression.compile("f", c.source());
    } catch (IllegalArgumentException e) {
      // A bare operator ("a.and"): not an expression at all.
      Statistics.label("evaluated by").collect("does not compile");
      return;
    }
    Expression library = expression.libraryOnly();
    Object expected = library.evaluate(c.input(), VARS);
    Object actual = expression.evaluate(c.input(), VARS);
    boolean direct = expression.readsDirectly(c.input());
    if (direct) {
      assertThat(actual).isSameAs(expected);
    } else {
      assertSameValue(actual, expected);
    }
    Expression.Traced tracedLibrary =
        library.evaluateTraced(c.input(), VARS, FieldPathPropertiesTest::blank);
    Expression.Traced traced =
        expression.evaluateTraced(c.input(), VARS, FieldPathPropertiesTest::blank);
    assertThat(traced.missingOperand()).isEqualTo(tracedLibrary.missingOperand());
    assertSameValue(traced.value(), tracedLibrary.value());
    Statistics.label("evaluated by")
        .collect(direct ? "fast path" : "library")
        .coverage(k -> k.check("fast path").percentage(p -> p > 25));
    Statistics.label("direct result")
        .collect(direct ? kind(actual) : "-")
        .coverage(
            k -> {
              k.check("missing").percentage(p -> p > 3);
              k.check("object").percentage(p -> p > 3);
              k.check("array").percentage(p -> p > 0.5);
              k.check("number").percentage(p -> p > 1);
            });
  }

  /** The library reads a JSON null and a missing field alike; so must the fast path. */
  @Example
  void nullsAndMissingFieldsAndArrays() throws Exception {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("n", null);
    inner.put("list", new ArrayList<>(List.of(Map.of("b", 1L), Map.of("b", 2.5))));
    inner.put("empty", new ArrayList<>());
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("a", inner);
    input.put("s", "text");
    for (String source :
        List.of("a.n", "a.n.x", "a.zz", "s.x", "a.list", "a.empty", "a.list.b", "$", "a")) {
      Expression e = Expression.compile("f", source);
      assertSameValue(e.evaluate(input, VARS), e.libraryOnly().evaluate(input, VARS));
    }
    assertThat(Expression.compile("f", "a.list.b").readsDirectly(input)).isFalse();
    assertThat(Expression.compile("f", "a.list").readsDirectly(input)).isTrue();
    assertThat(Expression.compile("f", "null").readsDirectly(input)).isFalse();
    assertThat(Expression.compile("f", "`s`").readsDirectly(input)).isFalse();
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Object> top =
        Arbitraries.frequencyOf(
            Tuple.of(12, object(3)), Tuple.of(1, array(2)), Tuple.of(1, scalar()));
    return top.flatMap(input -> source(input).map(source -> new Case(input, source)));
  }

  /**
   * {@code $}, or a path of names: mostly a walk down the input (each step a key of the object
   * reached, or of the first object in an array reached), sometimes any key in the input or one it
   * does not have.
   */
  private static Arbitrary<String> source(Object input) {
    List<String> any = new ArrayList<>(keysOf(input));
    any.addAll(List.of("zz", "absent"));
    Arbitrary<String> path =
        Arbitraries.integers()
            .between(0, 999)
            .list()
            .ofMinSize(1)
            .ofMaxSize(4)
            .map(choices -> expression(walk(input, choices, any), choices));
    return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just("$")), Tuple.of(12, path));
  }

  private static List<String> walk(Object input, List<Integer> choices, List<String> any) {
    List<String> names = new ArrayList<>();
    Object at = input;
    for (int choice : choices) {
      // Mostly a path ends at a value or an array; sometimes it goes on past one.
      if (!names.isEmpty() && !(at instanceof Map) && choice % 4 != 0) {
        break;
      }
      if (at instanceof List<?> list && !list.isEmpty()) {
        at = list.get(choice % list.size());
      }
      String name;
      if (at instanceof Map<?, ?> map && !map.isEmpty() && choice % 10 < 8) {
        List<?> keys = new ArrayList<>(map.keySet());
        name = (String) keys.get(choice / 10 % keys.size());
      } else {
        name = any.get(choice % any.size());
      }
      names.add(name);
      at = at instanceof Map<?, ?> map ? map.get(name) : null;
    }
    return names;
  }

  /**
   * The path as JSONata: a name that is not plain in backquotes; a plain one sometimes too, and a
   * word the library reads as an operator or a literal ({@code null}, {@code and}) half the time,
   * so that what looks like a path but is not one is tried as well.
   */
  private static String expression(List<String> segments, List<Integer> choices) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      String s = segments.get(i);
      int choice = choices.get(i);
      boolean plain = s.matches("[A-Za-z_][A-Za-z0-9_]*");
      boolean word = Set.of("null", "and", "in", "true", "or", "false", "function").contains(s);
      boolean bare = plain && (word ? choice % 2 == 0 : choice % 5 != 4);
      parts.add(bare ? s : "`" + s + "`");
    }
    return String.join(".", parts);
  }

  private static Arbitrary<Object> value(int depth) {
    if (depth == 0) {
      return scalar();
    }
    return Arbitraries.frequencyOf(
        Tuple.of(4, scalar()),
        Tuple.of(4, object(depth - 1)),
        Tuple.of(1, Arbitraries.create(() -> (Object) new LinkedHashMap<String, Object>())),
        Tuple.of(2, array(depth - 1)));
  }

  private static Arbitrary<Object> object(int depth) {
    Arbitrary<String> key =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.of(NAMES)),
            Tuple.of(
                2,
                Arbitraries.strings()
                    .all()
                    .ofMaxLength(4)
                    // Backquotes cannot be escaped in a JSONata name; invalid UTF-16 has no JSON.
                    .filter(s -> s.indexOf('`') < 0 && isWellFormed(s))),
            Tuple.of(1, Arbitraries.of("a.b", "ключ", "名前", "é", "x y", "")));
    return Combinators.combine(key.list().ofMinSize(1).ofMaxSize(4), value(depth).list().ofSize(4))
        .as(
            (keys, values) -> {
              Map<String, Object> map = new LinkedHashMap<>();
              for (int i = 0; i < keys.size(); i++) {
                map.put(keys.get(i), values.get(i));
              }
              return (Object) map;
            });
  }

  private static Arbitrary<Object> array(int depth) {
    return value(depth).list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l));
  }

  /** Every kind of scalar a parsed payload may hold, and JSON null. */
  private static Arbitrary<Object> scalar() {
    return Arbitraries.oneOf(
        Arbitraries.just(null),
        Arbitraries.strings().ofMaxLength(5).map(s -> (Object) s),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.bigIntegers()
            .between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40))
            .map(b -> (Object) b),
        Arbitraries.doubles().withSpecialValue(-0.0).map(d -> (Object) d),
        Arbitraries.bigDecimals()
            .between(new BigDecimal("-1e30"), new BigDecimal("1e30"))
            .ofScale(6)
            .map(d -> (Object) d));
  }

  private static Set<String> keysOf(Object value) {
    Set<String> keys = new LinkedHashSet<>();
    collectKeys(value, keys);
    return keys;
  }

  private static void collectKeys(Object value, Set<String> keys) {
    if (value instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> {
            keys.add((String) k);
            collectKeys(v, keys);
          });
    } else if (value instanceof List<?> list) {
      list.forEach(v -> collectKeys(v, keys));
    }
  }

  private static boolean isWellFormed(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s);
  }

  /** Equal, and of the same Java types all the way down (a Long is not an Integer here). */
  private static void assertSameValue(Object actual, Object expected) {
    if (expected == null || actual == null) {
      assertThat(actual).isSameAs(expected);
      return;
    }
    assertThat(actual.getClass()).isEqualTo(expected.getClass());
    if (expected instanceof Map<?, ?> e) {
      Map<?, ?> a = (Map<?, ?>) actual;
      assertThat(new ArrayList<Object>(a.keySet())).isEqualTo(new ArrayList<Object>(e.keySet()));
      e.forEach((k, v) -> assertSameValue(a.get(k), v));
    } else if (expected instanceof List<?> e) {
      List<?> a = (List<?>) actual;
      assertThat(a).hasSameSizeAs(e);
      for (int i = 0; i < e.size(); i++) {
        assertSameValue(a.get(i), e.get(i));
      }
    } else {
      assertThat(actual).isEqualTo(expected);
    }
  }

  private static boolean blank(Object v) {
    return v instanceof String s && s.isBlank();
  }

  private static String kind(Object v) {
    if (v == null) {
      return "missing";
    }
    if (v instanceof Map) {
      return "object";
    }
    if (v instanceof List) {
      return "array";
    }
    return v instanceof Number ? "number" : "scalar";
  }
}
