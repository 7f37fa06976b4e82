package dev.kobjectingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The rules shipped in mapping-rules/ handle the seed 000 payload as it is, in both models. */
class ShippedRulesTest {
  static final Path RULES = Path.of("..", "mapping-rules");

  static byte[] example(String name) throws Exception {
    return Files.readAllBytes(RULES.resolve("examples").resolve(name));
  }

  private final RuleSet rules = load();

  private static RuleSet load() {
    try {
      return RuleLoader.load(RULES);
    } catch (RuleProblems e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private MappedEvent map(String topic, String example) throws Exception {
    return new EventMapper(rules.forTopic(topic).copy()).map(example(example));
  }

  @Test
  void theSeedOrderMapsToATypedOrder() throws Exception {
    MappedEvent e = map("orders.raw", "order.json");

    assertThat(e.orderId()).isEqualTo("AB-1234");
    assertThat(e.version())
        .isEqualTo(java.time.Instant.parse("2019-05-03T19:47:31Z").toEpochMilli());
    assertThat(e.customer())
        .isEqualTo(new CustomerIdentity(null, "janedoe@example.com", "+15555551234", "Jane Doe"));
    JsonNode custom = e.order().custom();
    assertThat(custom.get("totalPriceNum").decimalValue()).isEqualByComparingTo("36");
    assertThat(custom.get("orderCreatedAt").asText()).isEqualTo("2019-05-03T19:47:31Z");
    assertThat(custom.get("orderStatusStr").asText()).isEqualTo("received");
    assertThat(custom.get("itemCountNum").asInt()).isEqualTo(2);
    assertThat(e.order().data().path("payment").has("last_4"))
        .as("card digits are not copied")
        .isFalse();
    assertThat(e.items()).extracting(ElementPart::id).containsExactly("1234-01", "1234-02");
    assertThat(e.itemsComplete()).isTrue();
  }

  @Test
  void nestedModelPutsTheLineItemsInData() throws Exception {
    OrderState s =
        OrderStateMerger.apply(OrderState.empty("AB-1234"), map("orders.raw", "order.json"));

    OrderWrite w =
        new KObjectComposer(WriteModel.NESTED, rules.itemsDataField(), rules.shipmentsDataField())
            .compose(s);

    assertThat(w.order().get("externalId").asText()).isEqualTo("AB-1234");
    assertThat(w.order().get("title").asText()).isEqualTo("Order AB-1234");
    assertThat(w.order().path("data").path("line_items")).hasSize(2);
    assertThat(w.order().path("data").path("line_items").path(0).path("sku").asText())
        .isEqualTo("1234-01");
    assertThat(w.items()).isEmpty();
  }

  @Test
  void relModelMakesOneItemObjectPerLineItem() throws Exception {
    OrderState s =
        OrderStateMerger.apply(OrderState.empty("AB-1234"), map("orders.raw", "order.json"));

    OrderWrite w =
        new KObjectComposer(WriteModel.REL, rules.itemsDataField(), rules.shipmentsDataField())
            .compose(s);

    assertThat(w.items())
        .extracting(i -> i.get("externalId").asText())
        .containsExactly("AB-1234:1234-01", "AB-1234:1234-02");
    assertThat(w.items().get(0).path("custom").path("salePriceNum").asDouble()).isEqualTo(9.99);
    assertThat(w.order().path("data").has("line_items")).isFalse();
  }

  @Test
  void shipmentAndLineItemEventsChangeTheirPartOfTheOrder() throws Exception {
    OrderState s = OrderState.empty("AB-1234");
    s = OrderStateMerger.apply(s, map("orders.raw", "order.json"));
    s = OrderStateMerger.apply(s, map("shipments.raw", "shipment.json"));
    s = OrderStateMerger.apply(s, map("line-items.raw", "line-item.json"));

    OrderWrite w = new KObjectComposer(WriteModel.NESTED, "line_items", "shipments").compose(s);

    JsonNode custom = w.order().path("custom");
    assertThat(custom.path("shippingStatusStr").asText()).isEqualTo("in_transit");
    assertThat(custom.path("trackingUrl").asText()).startsWith("https://www.fedex.com/");
    assertThat(custom.path("deliveredAt").isNull()).isTrue();
    assertThat(w.order().path("data").path("shipments").path(0).path("tracking_number").asText())
        .isEqualTo("794698812345");
    assertThat(w.order().path("data").path("line_items").path(1).path("quantity").asInt())
        .isEqualTo(3);
    assertThat(w.order().path("data").path("line_items").path(1).has("change")).isFalse();
  }

  @Test
  void aLineItemChangeThatArrivesBeforeItsOlderOrderIsKept() throws Exception {
    OrderState s = OrderState.empty("AB-1234");
    s = OrderStateMerger.apply(s, map("line-items.raw", "line-item.json"));
    s = OrderStateMerger.apply(s, map("orders.raw", "order.json"));

    OrderWrite w = new KObjectComposer(WriteModel.NESTED, "line_items", "shipments").compose(s);

    assertThat(s.items().get("1234-02").version()).isGreaterThan(s.orderVersion());
    assertThat(w.order().path("data").path("line_items").path(1).path("quantity").asInt())
        .isEqualTo(3);
  }
}
