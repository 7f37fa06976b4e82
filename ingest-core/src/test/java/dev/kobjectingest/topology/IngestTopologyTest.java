package dev.kobjectingest.topology;

import static dev.kobjectingest.topology.TopologyFixture.example;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.mapping.WriteModel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestTopologyTest {
  private static final String JANE = "email:janedoe@example.com";
  private TopologyFixture t;

  @AfterEach
  void close() {
    if (t != null) {
      t.close();
    }
  }

  private static String orderAt(String updatedAt, String status) throws Exception {
    return example("order.json", "updated_at", updatedAt, "status", status);
  }

  @Test
  void aNewCustomersOrderWaitsForItsCustomerThenIsWritten() throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);

    t.publish("orders.raw", "AB-1234", example("order.json"));

    List<CustomerCommand> customers = t.customerCommands();
    assertThat(customers)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.identityKey()).isEqualTo(JANE);
              assertThat(c.lookups()).containsExactly(JANE, "phone:+15555551234");
              assertThat(c.customer().path("name").asText()).isEqualTo("Jane Doe");
            });
    assertThat(t.orderCommands()).as("no write before the customer id is known").isEmpty();

    t.learnCustomer(JANE, "cust-1");

    OrderCommand cmd = t.orderCommands().get(0);
    assertThat(cmd.orderId()).isEqualTo("AB-1234");
    assertThat(cmd.customerId()).isEqualTo("cust-1");
    assertThat(cmd.model()).isEqualTo("nested");
    assertThat(cmd.order().path("externalId").asText()).isEqualTo("AB-1234");
    assertThat(cmd.order().path("custom").path("totalPriceNum").asDouble()).isEqualTo(36);
    assertThat(cmd.order().path("data").path("line_items")).hasSize(2);
    assertThat(cmd.items()).isEmpty();
  }

  @Test
  void aKnownCustomersOrderIsWrittenAtOnceAndTheCustomerIsNotRequestedAgain() throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    t.learnCustomer(JANE, "cust-1");
    t.publish("orders.raw", "AB-1", example("order.json", "order_number", "AB-1"));
    t.sendDueUpdates();
    t.publish("orders.raw", "AB-2", example("order.json", "order_number", "AB-2"));
    t.sendDueUpdates();

    assertThat(t.orderCommands()).extracting(OrderCommand::orderId).containsExactly("AB-1", "AB-2");
    List<CustomerCommand> customers = t.customerCommands();
    assertThat(customers)
        .filteredOn(c -> c.customerId() == null)
        .as("one request per identity")
        .hasSize(1);
    // Each order changes the customer's aggregates: an update of the known customer, no lookup.
    assertThat(customers)
        .filteredOn(c -> "cust-1".equals(c.customerId()))
        .extracting(c -> c.update().path("custom").path("orderCountNum").asInt())
        .containsExactly(1, 2);
  }

  @Test
  void anOrderUpdateThatChangesNothingAboutItsCustomerSendsNoCustomerCommand() throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    t.learnCustomer(JANE, "cust-1");
    t.publish("orders.raw", "AB-1", orderAt("2019-05-05T10:00:00Z", "paid"));
    t.sendDueUpdates();
    t.publish("orders.raw", "AB-1", orderAt("2019-05-06T10:00:00Z", "shipped"));
    t.sendDueUpdates();
    t.publish("shipments.raw", "AB-1", example("shipment.json", "order_number", "AB-1"));
    t.sendDueUpdates();

    assertThat(t.customerCommands())
        .as("one find-or-create, one profile update: the status and shipment change nothing")
        .hasSize(2);
  }

  @Test
  void eventsAcrossTopicsArrivingBeforeTheOrderAreKeptAndApplied() throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    t.learnCustomer(JANE, "cust-1");

    t.publish("shipments.raw", "AB-1234", example("shipment.json"));
    t.publish("line-items.raw", "AB-1234", example("line-item.json"));
    assertThat(t.orderCommands()).isEmpty();
    t.publish("orders.raw", "AB-1234", example("order.json"));

    List<OrderCommand> cmds = t.orderCommands();
    assertThat(cmds).hasSize(1);
    OrderCommand cmd = cmds.get(0);
    assertThat(cmd.order().path("custom").path("shippingStatusStr").asText())
        .isEqualTo("in_transit");
    assertThat(cmd.order().path("custom").path("trackingNumberStr").asText())
        .isEqualTo("794698812345");
    // The line-item change (08:00) is newer than the order (05:47): its quantity wins.
    assertThat(cmd.order().path("data").path("line_items").path(1).path("quantity").asInt())
        .isEqualTo(3);
    assertThat(cmd.order().path("data").path("shipments")).hasSize(1);
  }

  @Test
  void aLateOlderEventNeverRegressesTheState() throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    t.learnCustomer(JANE, "cust-1");
    t.publish("orders.raw", "AB-1234", orderAt("2019-05-06T10:00:00Z", "shipped"));
    t.publish("orders.raw", "AB-1234", orderAt("2019-05-05T10:00:00Z", "paid"));
    t.publish(
        "shipments.raw",
        "AB-1234",
        example("shipment.json", "status", "delivered", "updated_at", "2019-05-07T10:00:00Z"));
    t.publish(
        "shipments.raw",
        "AB-1234",
        example("shipment.json", "status", "in_transit", "updated_at", "2019-05-06T11:00:00Z"));

    List<OrderCommand> cmds = t.orderCommands();

    assertThat(cmds).hasSize(2);
    OrderCommand last = cmds.get(cmds.size() - 1);
    assertThat(last.order().path("custom").path("orderStatusStr").asText()).isEqualTo("shipped");
    assertThat(last.order().path("custom").path("shippingStatusStr").asText())
        .isEqualTo("delivered");
    assertThat(last.changes()).isGreaterThan(cmds.get(0).changes());
  }

  @Test
  void duplicatesChangeNothing() throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    t.learnCustomer(JANE, "cust-1");
    String order = example("order.json");
    // The customer-updates interval passes after each event: a duplicate is not merely coalesced.
    t.publish("orders.raw", "AB-1234", order);
    t.sendDueUpdates();
    t.publish("orders.raw", "AB-1234", order);
    t.sendDueUpdates();
    t.publish("shipments.raw", "AB-1234", example("shipment.json"));
    t.sendDueUpdates();
    t.publish("shipments.raw", "AB-1234", example("shipment.json"));
    t.sendDueUpdates();

    assertThat(t.orderCommands()).hasSize(2);
    assertThat(t.customerCommands())
        .as("one find-or-create and one profile update, not two of either")
        .extracting(c -> c.customerId() == null ? "find" : "update")
        .containsExactly("find", "update");
  }

  @Test
  void aRemovedItemIsGoneAndAnOlderChangeCannotBringItBack() throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    t.learnCustomer(JANE, "cust-1");
    t.publish("orders.raw", "AB-1234", example("order.json"));
    t.publish(
        "line-items.raw",
        "AB-1234",
        example("line-item.json", "change", "removed", "updated_at", "2019-05-04T09:00:00+10:00"));
    t.publish("line-items.raw", "AB-1234", example("line-item.json"));

    List<OrderCommand> cmds = t.orderCommands();

    assertThat(cmds).hasSize(2);
    assertThat(cmds.get(1).order().path("data").path("line_items"))
        .extracting(n -> n.path("sku").asText())
        .containsExactly("1234-01");
  }

  @Test
  void relModelCarriesItemObjectsAndTheRelationshipNames() throws Exception {
    t = new TopologyFixture(WriteModel.REL);
    t.learnCustomer(JANE, "cust-1");
    t.publish("orders.raw", "AB-1234", example("order.json"));
    t.publish(
        "line-items.raw",
        "AB-1234",
        example("line-item.json", "sku", "1234-03", "change", "added"));

    List<OrderCommand> cmds = t.orderCommands();

    assertThat(cmds).hasSize(2);
    OrderCommand last = cmds.get(1);
    assertThat(last.model()).isEqualTo("rel");
    assertThat(last.itemKlass()).isEqualTo("order-item");
    assertThat(last.relationships()).containsExactly("itemsRel", "orderRel");
    assertThat(last.items())
        .extracting(i -> i.path("externalId").asText())
        .containsExactly("AB-1234:1234-01", "AB-1234:1234-02", "AB-1234:1234-03");
    assertThat(last.items().get(2).path("custom").path("quantityNum").asInt()).isEqualTo(3);
    assertThat(last.order().path("data").has("line_items")).isFalse();
  }

  @Test
  void invalidInputIsDeadLetteredWithItsReasonAndTheStreamContinues() throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    t.learnCustomer(JANE, "cust-1");
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace-id", "t-1".getBytes(StandardCharsets.UTF_8));

    t.publish("orders.raw", "k1", "{not json", headers);
    t.publish("orders.raw", "k2", example("order.json", "order_number", "null"));
    t.publish(
        "orders.raw",
        "k3",
        example("order.json", "order_number", "AB-3", "totals", "{\"grand\":\"thirty-six\"}"));
    t.publish("orders.raw", "k4", example("order.json", "order_number", "X".repeat(251)));
    t.publish("shipments.raw", "k5", example("shipment.json", "tracking_url", "not a url"));
    t.publish("orders.raw", "AB-OK", example("order.json", "order_number", "AB-OK"));

    List<TestRecord<byte[], byte[]>> dead = t.deadLetters();
    assertThat(dead).hasSize(5);
    assertThat(dead)
        .extracting(r -> header(r, DeadLetterHeaders.REASON))
        .containsExactly(
            "invalid-json", "missing-field", "invalid-value", "rule-violation", "invalid-value");
    assertThat(dead)
        .extracting(r -> header(r, DeadLetterHeaders.STAGE))
        .containsExactly("parse", "map", "map", "map", "map");
    assertThat(header(dead.get(2), DeadLetterHeaders.FIELD))
        .isEqualTo("order.custom.totalPriceNum");
    assertThat(header(dead.get(3), DeadLetterHeaders.EXCEPTION_MESSAGE))
        .contains("title is 257 characters")
        .doesNotContain("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
    assertThat(header(dead.get(4), DeadLetterHeaders.FIELD)).isEqualTo("order.custom.trackingUrl");
    TestRecord<byte[], byte[]> first = dead.get(0);
    assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("k1");
    assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    assertThat(header(first, "trace-id")).isEqualTo("t-1");
    assertThat(header(first, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("orders.raw");
    assertThat(header(first, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
    assertThat(header(first, DeadLetterHeaders.CONTRACT_VERSION)).isEqualTo("1");
    assertThat(header(first, DeadLetterHeaders.APP_VERSION)).isEqualTo("dev");
    assertThat(header(first, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
    assertThat(t.orderCommands()).extracting(OrderCommand::orderId).containsExactly("AB-OK");
  }

  @Test
  void aReplayedEventIsWrittenAgainEvenWhenItChangesNothing() throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    t.learnCustomer(JANE, "cust-1");
    t.publish("orders.raw", "AB-1234", example("order.json"));
    t.sendDueUpdates();
    t.orderCommands();
    assertThat(t.customerCommands()).extracting(CustomerCommand::customerId).contains("cust-1");
    RecordHeaders replay = new RecordHeaders();
    replay.add(DeadLetterHeaders.REPLAY_ID, "r-1".getBytes(StandardCharsets.UTF_8));

    t.publish("orders.raw", "AB-1234", example("order.json"), replay);
    // Unchanged, the order keeps its old event time: its interval looks like a backlog's, and the
    // profile goes at the next, quiet one.
    t.sendDueUpdates();
    t.sendDueUpdates();

    assertThat(t.orderCommands()).hasSize(1);
    // The customer is asked for again, and its profile re-sent (the sink sends it to Kustomer
    // only if it is not the last update it wrote there).
    assertThat(t.customerCommands())
        .extracting(c -> c.customerId() == null ? "find" : "update")
        .containsExactlyInAnyOrder("find", "update");
  }

  @Test
  void anItemTitleOverTheLimitIsDeadLetteredInTheRelModelOnly() throws Exception {
    String longName = example("line-item.json", "item_name", "Y".repeat(300));
    t = new TopologyFixture(WriteModel.REL);
    t.publish("line-items.raw", "AB-1234", longName);
    assertThat(t.deadLetters())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("rule-violation");
              assertThat(header(r, DeadLetterHeaders.FIELD)).startsWith("item.title");
            });
    t.publish("line-items.raw", "AB-1234", example("line-item.json", "sku", "null"));
    assertThat(t.deadLetters())
        .singleElement()
        .satisfies(r -> assertThat(header(r, DeadLetterHeaders.FIELD)).isEqualTo("itemId"));
    t.close();

    // Nested orders keep items in data only: their titles are never written, so they are not
    // checked.
    t = new TopologyFixture(WriteModel.NESTED);
    t.publish("line-items.raw", "AB-1234", longName);
    assertThat(t.deadLetters()).isEmpty();
  }

  private static String header(TestRecord<byte[], byte[]> r, String key) {
    var h = r.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
