package dev.kobjectingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever a payload holds, mapping it either yields an event or a {@link MappingException} with a
 * reason: no other exception escapes, and whatever it yields can be written as JSON.
 */
class EventMapperPropertiesTest {
  private static String order;
  private static RuleSet rules;

  @BeforeContainer
  static void load() throws Exception {
    Path shipped = Path.of("..", "mapping-rules");
    order = Files.readString(shipped.resolve("examples").resolve("order.json"));
    rules = RuleLoader.load(shipped);
  }

  @Provide
  Arbitrary<byte[]> payloads() {
    return PoisonPayloads.payload(order);
  }

  @Property(tries = 2_000)
  void everyPayloadMapsToAnEventOrAReason(@ForAll("payloads") byte[] payload) throws Exception {
    for (SourceRule rule : rules.byTopic().values()) {
      EventMapper mapper = new EventMapper(rule);
      try {
        MappedEvent event = mapper.map(payload);
        EventValidator.validate(event, WriteModel.NESTED);
        // What the topology writes to its repartition topic must be writable.
        assertThat(Payloads.JSON.writeValueAsBytes(event)).isNotEmpty();
      } catch (MappingException e) {
        assertThat(e.reason()).isNotNull();
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }

  /** The example rule sets' payloads, each with the fields their rules read. */
  private static final Map<String, List<String>> EXAMPLES =
      Map.of(
          "woocommerce/payloads/order.json",
          List.of(
              "id",
              "status",
              "date_modified",
              "date_created",
              "date_paid",
              "customer_id",
              "billing",
              "billing.email",
              "billing.phone",
              "line_items",
              "line_items.0.id",
              "shipping_lines",
              "shipping_lines.0.method_title",
              "total"),
          "bigcommerce/payloads/order.json",
          List.of(
              "id",
              "customer_id",
              "is_deleted",
              "status_id",
              "date_modified",
              "date_shipped",
              "billing_address.email",
              "billing_address.phone"),
          "bigcommerce/payloads/products.json",
          List.of("0", "1", "0.order_id", "0.id", "1.order_id", "1.quantity"),
          "shopify/payloads/order.json",
          List.of(
              "order",
              "order.id",
              "order.test",
              "order.customer",
              "order.customer.id",
              "order.email",
              "order.phone",
              "order.tags",
              "order.shipping_lines",
              "order.line_items",
              "order.line_items.0.id",
              "order.fulfillments"));

  private static final Map<String, RuleSet> SETS = new java.util.HashMap<>();

  @Provide
  Arbitrary<Map.Entry<String, byte[]>> examplePayloads() throws Exception {
    List<Arbitrary<Map.Entry<String, byte[]>>> all = new java.util.ArrayList<>();
    for (Map.Entry<String, List<String>> e : EXAMPLES.entrySet()) {
      String set = e.getKey().substring(0, e.getKey().indexOf('/'));
      String text =
          Files.readString(Path.of("..", "mapping-rules", "examples").resolve(e.getKey()));
      all.add(PoisonPayloads.payload(text, e.getValue()).map(b -> Map.entry(set, b)));
    }
    return Arbitraries.oneOf(all);
  }

  /**
   * Filters, splitting, sentinels, empty strings, phones and time zones: whatever the payload,
   * every rule of the example sets yields outcomes (events, skips or failures with a reason), never
   * an exception, and every event can be written.
   */
  @Property(tries = 2_000)
  void everyExamplePayloadMapsToOutcomesWithReasons(
      @ForAll("examplePayloads") Map.Entry<String, byte[]> payload) throws Exception {
    RuleSet set = SETS.get(payload.getKey());
    if (set == null) {
      set = RuleLoader.load(Path.of("..", "mapping-rules", "examples", payload.getKey()));
      SETS.put(payload.getKey(), set);
    }
    for (SourceRule rule : set.byTopic().values()) {
      MappedRecord record = new EventMapper(rule).mapRecord(payload.getValue());
      assertThat(record.outcomes().size()).isLessThanOrEqualTo(EventMapper.MAX_EVENTS_PER_RECORD);
      for (MappedRecord.Outcome o : record.outcomes()) {
        if (o instanceof MappedRecord.Failed f) {
          assertThat(f.error().reason()).isNotNull();
          assertThat(f.error().getMessage()).isNotBlank();
        } else if (o instanceof MappedRecord.Mapped m) {
          try {
            EventValidator.validate(m.event(), WriteModel.REL);
          } catch (MappingException e) {
            assertThat(e.reason()).isNotNull();
          }
          assertThat(Payloads.JSON.writeValueAsBytes(m.event())).isNotEmpty();
          if (m.event().customer() != null && m.event().customer().phone() != null) {
            assertThat(m.event().customer().phone()).matches("^\\+[1-9]\\d{1,14}$");
          }
        } else {
          assertThat(((MappedRecord.Skipped) o).why()).matches("^(when|split): .*");
        }
      }
    }
  }

  @Provide
  Arbitrary<String> values() {
    return PoisonPayloads.poisonValue();
  }

  @Provide
  Arbitrary<String> attributes() {
    return Arbitraries.of("totalNum", "placedAt", "noteStr", "bodyTxt", "giftBool", "linkUrl");
  }

  @Property(tries = 3_000)
  void coercionYieldsAFiniteValueOrAReason(
      @ForAll("attributes") String attribute, @ForAll("values") String json) throws Exception {
    Object value;
    try {
      value = Payloads.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (MappingException e) {
      return; // not a value the parser lets through
    }
    try {
      JsonNode out = Coercion.coerce(attribute, value, "order.custom." + attribute);
      if (out.isNumber()) {
        assertThat(Double.isFinite(out.doubleValue())).isTrue();
        assertThat(Math.abs(out.doubleValue())).isLessThanOrEqualTo(9.007199254740991e15);
      }
      if (attribute.endsWith("At") && !out.isNull()) {
        assertThat(out.asText()).matches("^\\d{4}-\\d{2}-\\d{2}T.*Z$");
      }
    } catch (MappingException e) {
      assertThat(e.reason()).isNotNull();
    }
  }
}
