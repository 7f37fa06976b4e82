package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of payloads nobody here wrote: arbitrary JSON and bytes, and the example order with
 * one field replaced by a value of the classes that broke the pipeline in the field (non-finite and
 * huge numbers, exponent strings, extreme dates, deep nesting, trailing documents, invalid UTF-8,
 * big values).
 */
public final class PoisonPayloads {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FIELDS =
      List.of(
          "order_number",
          "created_at",
          "updated_at",
          "status",
          "customer",
          "customer.email",
          "customer.phone",
          "customer.id",
          "customer.first_name",
          "totals",
          "totals.grand",
          "totals.items",
          "line_items",
          "line_items.0.quantity",
          "line_items.0.sku",
          "line_items.0.sale_price",
          "shipping",
          "shipping.method.description",
          "payment_details",
          "customer.id");

  private PoisonPayloads() {}

  /** JSON text of values in the classes above, as they would appear inside a payload. */
  public static Arbitrary<String> poisonValue() {
    Arbitrary<String> numbers =
        Arbitraries.of(
            "1e400",
            "-1e400",
            "1e20",
            "-1e20",
            "1e-400",
            "99999999999999999999",
            "9007199254740993",
            "0.1000000000000000055511151231257827",
            "\"1e999999999\"",
            "\"1e9999999999\"",
            "\"99999999999999999999\"",
            "\"NaN\"",
            "\"Infinity\"",
            "\"-0\"",
            "\"1e5\"",
            "\"12,50 EUR\"",
            "-0.0",
            "1.7976931348623157e308");
    Arbitrary<String> dates =
        Arbitraries.of(
            "\"+300000000-01-01T00:00:00Z\"",
            "\"-999999999-01-01T00:00:00Z\"",
            "\"0000-01-01T00:00:00Z\"",
            "\"9999-12-31T23:59:59.999Z\"",
            "\"10000-01-01T00:00:00Z\"",
            "253402300800000",
            "-62135596800001",
            "\"2019-13-45\"",
            "\"2019-05-04T05:47:31+25:00\"",
            "\"\"",
            "\"   \"",
            // Local times: a daylight-saving gap and an overlap in America/Chicago.
            "\"2024-03-10 02:30:00\"",
            "\"2024-11-03T01:30:00\"",
            "\"2024-03-10\"");
    Arbitrary<String> phones =
        Arbitraries.of(
            "\"+1 (512) 555-0100\"",
            "\"512.555.0100\"",
            "\"0044 20 7946 0958\"",
            "\"+44 20 7946 0958\"",
            "\"12\"",
            "\"+\"",
            "\"+999 1\"",
            "\"call me\"",
            "\"555-0100 ext. 12\"",
            "15125550100");
    // Sentinels and absent values: a guest's customer id, empty and blank strings, nulls.
    Arbitrary<String> absent =
        Arbitraries.of("0", "\"0\"", "0.0", "\"\"", "\" \"", "null", "false");
    // One-element lists (JSONata makes them a value) and lists of odd elements.
    Arbitrary<String> singletons =
        Arbitraries.of(
            "[{\"sku\":\"S-1\",\"id\":1,\"quantity\":1,\"order_id\":1}]",
            "[{}]",
            "[null]",
            "[[{\"sku\":\"S-2\"}]]",
            "[1, \"a\", {\"sku\": \"S-3\"}]",
            "{\"sku\":\"S-4\",\"id\":4}");
    Arbitrary<String> nested =
        Arbitraries.integers()
            .between(1, 1_200)
            .map(depth -> "[".repeat(depth) + "1" + "]".repeat(depth));
    Arbitrary<String> big =
        Arbitraries.integers().between(1_000, 300_000).map(n -> "\"" + "x".repeat(n) + "\"");
    Arbitrary<String> unicode =
        Arbitraries.strings()
            .ofMaxLength(40)
            .map(s -> JSON.getNodeFactory().textNode(s).toString());
    Arbitrary<String> shapes =
        Arbitraries.of(
            "null", "true", "{}", "[]", "[null]", "{\"a\":{\"b\":[1,{\"c\":null}]}}", "\"\"", "0");
    return Arbitraries.oneOf(
        numbers, dates, phones, absent, singletons, nested, big, unicode, shapes, json(3));
  }

  /** Arbitrary JSON values of bounded depth. */
  public static Arbitrary<String> json(int depth) {
    Arbitrary<String> scalar =
        Arbitraries.oneOf(
            Arbitraries.doubles().map(String::valueOf).filter(s -> !s.contains("N")),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.strings()
                .ofMaxLength(20)
                .map(s -> JSON.getNodeFactory().textNode(s).toString()),
            Arbitraries.of("true", "false", "null"));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<String> list =
        json(depth - 1).list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
    Arbitrary<String> object =
        Combinators.combine(
                Arbitraries.strings().alpha().ofMaxLength(8).list().ofMaxSize(4),
                json(depth - 1).list().ofSize(4))
            .as(
                (keys, values) -> {
                  StringBuilder b = new StringBuilder("{");
                  for (int i = 0; i < keys.size(); i++) {
                    b.append(i == 0 ? "" : ",")
                        .append(JSON.getNodeFactory().textNode(keys.get(i) + i))
                        .append(':')
                        .append(values.get(i));
                  }
                  return b.append('}').toString();
                });
    return Arbitraries.oneOf(scalar, list, object);
  }

  /** The example order with one field set to {@code value} (JSON text), or raw garbage. */
  public static Arbitrary<byte[]> payload(String exampleOrder) {
    return payload(exampleOrder, FIELDS);
  }

  /**
   * An example payload (an object or an array) with one of {@code fields} (dots, list indexes as
   * numbers) set to a poison value, or raw garbage.
   */
  public static Arbitrary<byte[]> payload(String exampleOrder, List<String> fields) {
    Arbitrary<byte[]> patched =
        Combinators.combine(Arbitraries.of(fields), poisonValue())
            .as((field, value) -> patch(exampleOrder, field, value));
    Arbitrary<byte[]> trailing =
        json(2).map(extra -> (exampleOrder + " " + extra).getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    Arbitrary<byte[]> invalidUtf8 =
        Arbitraries.integers()
            .between(1, exampleOrder.length() - 2)
            .map(
                at -> {
                  byte[] b = exampleOrder.getBytes(StandardCharsets.UTF_8);
                  b[at] = (byte) 0xff;
                  return b;
                });
    Arbitrary<byte[]> anyJson = json(4).map(s -> s.getBytes(StandardCharsets.UTF_8));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, patched),
        net.jqwik.api.Tuple.of(1, trailing),
        net.jqwik.api.Tuple.of(1, bytes),
        net.jqwik.api.Tuple.of(1, invalidUtf8),
        net.jqwik.api.Tuple.of(1, anyJson));
  }

  /**
   * {@code order} with {@code path} (dots, list indexes as numbers) set to the JSON {@code value}.
   */
  static byte[] patch(String order, String path, String value) {
    String placeholder = "\"__poison__\"";
    try {
      JsonNode root = JSON.readTree(order);
      String[] parts = path.split("\\.", -1);
      JsonNode parent = root;
      for (int i = 0; i < parts.length - 1; i++) {
        parent = parent.isArray() ? parent.get(Integer.parseInt(parts[i])) : parent.get(parts[i]);
      }
      String last = parts[parts.length - 1];
      if (parent instanceof ObjectNode o) {
        o.put(last, "__poison__");
      } else if (parent instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
        a.set(Integer.parseInt(last), JSON.getNodeFactory().textNode("__poison__"));
      }
      // Spliced as text: the value may be JSON that Jackson would refuse to hold (1e400, depth).
      return JSON.writeValueAsString(root)
          .replace(placeholder, value)
          .getBytes(StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
