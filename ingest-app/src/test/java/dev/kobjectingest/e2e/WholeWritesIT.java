package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.DemoSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kustomer does not document whether a KObject {@code PUT} merges or replaces {@code custom}; the
 * sink writes every update whole, so the result is the same under either. Here Kustomer replaces
 * (the emulator's switch): a backlog of orders with several updates each, in both models, ends with
 * every order (and in the Rel model every item and item list) holding its latest state in full. A
 * partial update (only the item list, only what changed) would leave orders missing attributes,
 * counted stale.
 */
class WholeWritesIT {
  private static final int BUDGET = 6000;
  private static final String ORDER = "WW-1";

  @ParameterizedTest
  @EnumSource(WriteModel.class)
  void underAReplacingPutEveryOrderEndsWhole(WriteModel model) throws Exception {
    try (E2eFixture f =
        new E2eFixture(
            model,
            BUDGET,
            // A low threshold: on a busy machine the second half reaches the sink in dribbles.
            Map.of("sink.bulk.min-backlog", "5"),
            c -> c.withKObjectPutReplaces(true))) {
      // Two to four updates per order (order and shipment status in turn). The first half of the
      // events waits as a backlog at the start; once the orders it names are written, the second
      // half comes at once: a backlog of updates of written objects, in bulk.
      DemoOrders orders = new DemoOrders(161, 43, 100, 2, 4);
      List<DemoOrders.RawEvent> events = orders.records();
      List<DemoOrders.RawEvent> first = events.subList(0, events.size() / 2);
      f.scenario.publish(first);
      long start = System.nanoTime();
      try (Pipeline p = f.scenario.startPipeline()) {
        f.awaitOrderCustomers(
            first.stream()
                .filter(e -> e.valid() && e.kind().equals("order"))
                .map(DemoOrders.RawEvent::orderId)
                .collect(Collectors.toSet()));
        f.scenario.publish(events.subList(first.size(), events.size()));
        DemoSummary s = f.scenario.await(orders, Duration.ofMinutes(3), p::failure, start);

        E2eFixture.assertInvariants(s, BUDGET);
        assertThat(s.delivered()).isEqualTo(orders.validOrders().size());
        assertThat(f.emulator.limits().path("kobjectPutReplaces").asBoolean()).isTrue();
        JsonNode stats = f.emulator.stats();
        assertThat(stats.path("kobjectUpdates").asLong())
            .as("updates met objects already written")
            .isPositive();
        assertThat(stats.path("byOperation").path("PUT /v1/klasses/{name}/bulk").asLong())
            .as("updates went in bulk: " + stats.path("byOperation"))
            .isPositive();
        if (model == WriteModel.REL) {
          assertThat(stats.path("kobjects").path("order-item").asInt())
              .isEqualTo(f.scenario.expectedItemIds(orders).size());
        }
      }
    }
  }

  /**
   * An update that drops a line item and some fields (the carrier, the payment details) leaves
   * nothing of them in Kustomer, whether its PUT replaces or merges {@code custom}: a dropped
   * attribute goes as null. Nested: the item leaves the order's data. Rel: the item leaves the
   * order's item list, and its item KObject stays, once (README: "a removed line item leaves the
   * order's list (its item object stays)").
   */
  @ParameterizedTest
  @CsvSource({"NESTED,true", "NESTED,false", "REL,true", "REL,false"})
  void anUpdateDroppingAnItemAndFieldsLeavesNothingOfThem(WriteModel model, boolean putReplaces)
      throws Exception {
    try (E2eFixture f =
        new E2eFixture(model, BUDGET, Map.of(), c -> c.withKObjectPutReplaces(putReplaces))) {
      String topic = f.rawTopic("orders.raw");
      try (Pipeline p = f.scenario.startPipeline()) {
        f.publishRaw(
            topic, Map.of(ORDER, E2eFixture.exampleOrder(ORDER, WholeWritesIT::threeItems)));
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertFirstVersion(f));
        f.publishRaw(topic, Map.of(ORDER, E2eFixture.exampleOrder(ORDER, WholeWritesIT::dropped)));
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertSecondVersion(f));
        assertThat(p.failure()).isNull();
        if (model == WriteModel.REL) {
          assertThat(itemsByExternalId(f).keySet())
              .as("the removed item's object stays, and no item is there twice")
              .containsExactlyInAnyOrder(
                  ORDER + ":1234-01", ORDER + ":1234-02", ORDER + ":1234-03");
        }
        assertThat(f.emulator.stats().path("duplicateKObjects").asInt()).isZero();
      }
    }
  }

  private static void assertFirstVersion(E2eFixture f) {
    JsonNode order = order(f);
    assertThat(skus(f, order)).containsExactly("1234-01", "1234-02", "1234-03");
    assertThat(order.at("/custom/carrierStr").asText()).isEqualTo("FedEx");
    assertThat(order.at("/data/payment/brand").asText()).isEqualTo("Visa");
  }

  private static void assertSecondVersion(E2eFixture f) {
    JsonNode order = order(f);
    assertThat(order.at("/custom/orderStatusStr").asText()).isEqualTo("shipped");
    assertThat(skus(f, order)).containsExactly("1234-01", "1234-03");
    assertThat(order.at("/custom/itemCountNum").asInt()).isEqualTo(2);
    for (String gone : List.of("carrierStr", "paymentBrandStr", "paymentStatusStr")) {
      JsonNode value = order.path("custom").path(gone);
      assertThat(value.isNull() || value.isMissingNode()).as(gone + " in " + order).isTrue();
    }
    assertThat(order.path("data").has("payment")).as("data of " + order).isFalse();
    assertThat(order.at("/data/shippingMethod").has("carrier")).as("data of " + order).isFalse();
  }

  /** The example's two items and a third. */
  private static void threeItems(ObjectNode o) {
    ArrayNode items = (ArrayNode) o.get("line_items");
    ObjectNode third = (ObjectNode) items.get(1).deepCopy();
    items.add(third.put("sku", "1234-03").put("item_name", "Test-Item 3"));
  }

  /** A later version without the second item, the carrier and the payment details. */
  private static void dropped(ObjectNode o) {
    threeItems(o);
    ((ArrayNode) o.get("line_items")).remove(1);
    ((ObjectNode) o.at("/shipping/method")).remove("carrier");
    o.remove("payment_details");
    o.put("status", "shipped").put("updated_at", "2019-05-05T05:47:31+10:00");
  }

  private static JsonNode order(E2eFixture f) {
    for (JsonNode o : f.emulator.objects("order").path("data")) {
      if (o.at("/attributes/externalId").asText().equals(ORDER)) {
        ObjectNode attributes = (ObjectNode) o.path("attributes").deepCopy();
        return attributes.put("id", o.path("id").asText());
      }
    }
    throw new AssertionError("no order " + ORDER + " yet");
  }

  /**
   * The skus the order holds: nested, its data's items; Rel, the items its list names, each of
   * which must name the order back.
   */
  private static List<String> skus(E2eFixture f, JsonNode order) {
    List<String> out = new ArrayList<>();
    if (f.scenario.config().model() == WriteModel.NESTED) {
      order.at("/data/line_items").forEach(i -> out.add(i.path("sku").asText()));
      return out;
    }
    assertThat(order.path("data").has("line_items")).as("Rel: no items in data").isFalse();
    Map<String, JsonNode> byId = new HashMap<>();
    itemsByExternalId(f).values().forEach(i -> byId.put(i.path("id").asText(), i));
    for (JsonNode id : order.at("/custom/itemsRel")) {
      JsonNode item = byId.get(id.asText());
      assertThat(item).as("listed item " + id).isNotNull();
      assertThat(item.at("/attributes/custom/orderRel").asText())
          .isEqualTo(order.path("id").asText());
      out.add(item.at("/attributes/custom/skuStr").asText());
    }
    return out;
  }

  /** The item KObjects by externalId; a second with the same externalId fails the test. */
  private static Map<String, JsonNode> itemsByExternalId(E2eFixture f) {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode i : f.emulator.objects("order-item").path("data")) {
      assertThat(out.put(i.at("/attributes/externalId").asText(), i))
          .as("item twice: " + i)
          .isNull();
    }
    return out;
  }
}
