package dev.kobjectingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.mapping.RuleLoader;
import dev.kobjectingest.mapping.RuleSet;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.metrics.IngestMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Through the whole topology: filters (when), splitting, absent values and sentinels, ids from
 * present values, lists that stay lists, phones in E.164, time zones and version ties, with the
 * example rule sets for WooCommerce, BigCommerce and Shopify.
 */
class RuleFeaturesTopologyTest {
  private static final Path EXAMPLES = Path.of("..", "mapping-rules", "examples");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TopologyFixture t;

  @AfterEach
  void close() {
    if (t != null) {
      t.close();
    }
  }

  private TopologyFixture fixture(String set) throws Exception {
    RuleSet rules = RuleLoader.load(EXAMPLES.resolve(set));
    t =
        new TopologyFixture(
            rules, TopologySettings.defaults(WriteModel.NESTED), new IngestMeters(registry));
    return t;
  }

  private static String payload(String set, String name) throws Exception {
    return Files.readString(EXAMPLES.resolve(set).resolve("payloads").resolve(name));
  }

  private double count(String meter, String... tags) {
    var search = registry.find(meter).tags(tags);
    return search.counter() == null ? 0 : search.counter().count();
  }

  /** What the sink does for the identities the topology asks for. */
  private void answerCustomers() {
    int n = 0;
    for (CustomerCommand c : t.customerCommands()) {
      t.learnCustomer(c.identityKey(), "cust-" + ++n);
    }
  }

  @Test
  void skippedEventsAreCountedNeverWrittenNorDeadLettered() throws Exception {
    fixture("woocommerce");

    t.publish("woo.orders", "728", payload("woocommerce", "draft.json"));
    t.publish(
        "woo.orders",
        "729",
        "{\"id\":729,\"status\":\"trash\",\"date_modified\":\"2024-03-10T10:00:00\"}");

    assertThat(t.customerCommands()).isEmpty();
    assertThat(t.deadLetters()).isEmpty();
    assertThat(count("ingest.events.skipped", "topic", "woo.orders", "rule", "orders"))
        .isEqualTo(2);
    assertThat(count("ingest.events.in", "topic", "woo.orders", "outcome", "skipped")).isEqualTo(2);
  }

  @Test
  void aTopLevelArrayIsSplitIntoEventsAndABadElementIsItsOwnDeadLetter() throws Exception {
    fixture("bigcommerce");
    t.publish("bc.orders", "100", payload("bigcommerce", "order.json"));
    answerCustomers();
    t.orderCommands();
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
    String products =
        "[{\"id\":64,\"order_id\":100,\"name\":\"Towel\",\"sku\":\"FOG-1\",\"quantity\":1,"
            + "\"price_inc_tax\":\"49.0000\"},"
            + "{\"id\":65,\"name\":\"No order\",\"sku\":\"X\",\"quantity\":1},"
            + "{\"id\":66,\"order_id\":100,\"name\":\"Terrarium\",\"sku\":\"ORB-L\",\"quantity\":2,"
            + "\"price_inc_tax\":\"176.0000\"}]";

    t.publish("bc.order-products", "100", products, headers);

    List<OrderCommand> cmds = t.orderCommands();
    JsonNode items = cmds.get(cmds.size() - 1).order().path("data").path("lineItems");
    assertThat(items).extracting(n -> n.path("sku").asText()).containsExactly("FOG-1", "ORB-L");
    List<TestRecord<byte[], byte[]>> dead = t.deadLetters();
    assertThat(dead).hasSize(1);
    TestRecord<byte[], byte[]> d = dead.get(0);
    assertThat(new String(d.value(), StandardCharsets.UTF_8)).isEqualTo(products);
    assertThat(DeadLetterHeaders.get(d.headers(), "trace")).isEqualTo("t-1");
    assertThat(DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.SOURCE_TOPIC))
        .isEqualTo("bc.order-products");
    assertThat(DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
    assertThat(DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.REASON))
        .isEqualTo("missing-field");
    assertThat(DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.FIELD)).isEqualTo("orderId");
    assertThat(DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE))
        .startsWith("element 1: orderId: the id would be built around a missing value: order_id");
  }

  @Test
  void aSplitOfOneElementAndOfNoneKeepTheShape() throws Exception {
    fixture("bigcommerce");
    t.publish("bc.orders", "100", payload("bigcommerce", "order.json"));
    answerCustomers();
    t.orderCommands();

    t.publish("bc.order-products", "100", "[]");
    assertThat(t.orderCommands()).isEmpty();
    assertThat(t.deadLetters()).isEmpty();

    t.publish(
        "bc.order-products",
        "100",
        "[{\"id\":64,\"order_id\":100,\"name\":\"Towel\",\"sku\":\"FOG-1\",\"quantity\":1}]");
    JsonNode data = t.orderCommands().get(0).order().path("data");
    assertThat(data.path("lineItems").isArray()).isTrue();
    assertThat(data.path("lineItems")).hasSize(1);
  }

  @Test
  void emptyStringsAndSentinelsAreAbsentAndThePhoneIsE164() throws Exception {
    fixture("woocommerce");

    t.publish("woo.orders", "727", payload("woocommerce", "order.json"));

    // customer_id 0 is a guest, billing.email "" is no email: the phone names the customer.
    CustomerCommand c = t.customerCommands().get(0);
    assertThat(c.identityKey()).isEqualTo("phone:+15555555555");
    assertThat(c.lookups()).containsExactly("phone:+15555555555");
    assertThat(c.customer().path("phones").path(0).path("phone").asText())
        .isEqualTo("+15555555555");
    t.learnCustomer("phone:+15555555555", "cust-1");
    JsonNode custom = t.orderCommands().get(0).order().path("custom");
    assertThat(custom.path("orderCompletedAt").isNull()).isTrue();
    assertThat(t.deadLetters()).isEmpty();
  }

  @Test
  void anEmptyDateIsAbsentNotADeadLetter() throws Exception {
    fixture("bigcommerce");

    t.publish("bc.orders", "100", payload("bigcommerce", "order.json"));
    answerCustomers();

    assertThat(t.deadLetters()).isEmpty();
    assertThat(t.orderCommands().get(0).order().path("custom").path("orderShippedAt").isNull())
        .isTrue();
  }

  @Test
  void anIdIsNeverBuiltAroundAMissingValue() throws Exception {
    fixture("woocommerce");

    t.publish(
        "woo.orders",
        "x",
        "{\"status\":\"processing\",\"date_modified\":\"2024-03-10T10:00:00\","
            + "\"billing\":{\"email\":\"a@example.com\"}}");

    assertThat(t.customerCommands()).isEmpty();
    TestRecord<byte[], byte[]> d = t.deadLetters().get(0);
    assertThat(DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.REASON))
        .isEqualTo("missing-field");
    assertThat(DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.FIELD)).isEqualTo("orderId");
  }

  @Test
  void anUnreadablePhoneIsDroppedWithAMetricAndTheEmailNamesTheCustomer() throws Exception {
    fixture("woocommerce");
    String order =
        payload("woocommerce", "order.json")
            .replace("\"email\": \"\"", "\"email\": \"john@example.com\"")
            .replace("(555) 555-5555", "call me");

    t.publish("woo.orders", "727", order);

    assertThat(t.customerCommands().get(0).lookups()).containsExactly("email:john@example.com");
    assertThat(t.deadLetters()).isEmpty();
    assertThat(count("ingest.values.dropped", "topic", "woo.orders", "field", "customer.phone"))
        .isEqualTo(1);
  }

  @Test
  void noUsableIdentityNamesAllThreeKeys() throws Exception {
    fixture("woocommerce");
    String order = payload("woocommerce", "order.json").replace("(555) 555-5555", "12");

    t.publish("woo.orders", "727", order);

    String message =
        DeadLetterHeaders.get(
            t.deadLetters().get(0).headers(), DeadLetterHeaders.EXCEPTION_MESSAGE);
    assertThat(message)
        .startsWith("customer: no usable identity: ")
        .contains("externalId would be built around a missing value (customer_id)")
        .contains("email is empty")
        .contains("phone cannot be read as a phone number in region US");
  }

  @Test
  void timesWithoutAnOffsetAreReadInTheRulesTimeZone() throws Exception {
    fixture("woocommerce");
    t.publish("woo.orders", "727", payload("woocommerce", "order.json"));
    t.learnCustomer("phone:+15555555555", "cust-1");

    OrderCommand cmd = t.orderCommands().get(0);
    // 14:05:11 on 9 March 2024 in Chicago is CST (UTC-6); the version (10 March, 09:30) is CDT.
    assertThat(cmd.order().path("custom").path("orderCreatedAt").asText())
        .isEqualTo("2024-03-09T20:05:11Z");
    assertThat(cmd.version())
        .isEqualTo(java.time.Instant.parse("2024-03-10T14:30:00Z").toEpochMilli());
  }

  @Test
  void oneShippingLineIsAListAsTwoAre() throws Exception {
    fixture("shopify");
    t.learnCustomer("externalId:shopify-207119551", "cust-9");

    t.publish("shopify.orders", "450789469", payload("shopify", "order.json"));

    JsonNode lines = t.orderCommands().get(0).order().path("data").path("shippingLines");
    assertThat(lines.isArray()).isTrue();
    assertThat(lines).hasSize(1);
  }

  @Test
  void atEqualVersionsTheLaterArrivalWinsAndAShipmentBeatsTheOrder() throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    t.learnCustomer("email:janedoe@example.com", "cust-1");
    String at = "2019-05-05T10:00:00Z";

    t.publish(
        "orders.raw",
        "AB-1234",
        TopologyFixture.example("order.json", "updated_at", at, "status", "paid"));
    t.publish(
        "orders.raw",
        "AB-1234",
        TopologyFixture.example("order.json", "updated_at", at, "status", "shipped"));
    t.publish(
        "shipments.raw",
        "AB-1234",
        TopologyFixture.example("shipment.json", "updated_at", at, "carrier", "UPS"));
    t.publish(
        "orders.raw",
        "AB-1234",
        TopologyFixture.example("order.json", "updated_at", at, "status", "shipped"));

    List<OrderCommand> cmds = t.orderCommands();
    JsonNode custom = cmds.get(cmds.size() - 1).order().path("custom");
    assertThat(custom.path("orderStatusStr").asText()).isEqualTo("shipped");
    // carrierStr is set by the order (FedEx) and the shipment (UPS) at the same version.
    assertThat(custom.path("carrierStr").asText()).isEqualTo("UPS");
    assertThat(cmds).as("the last event changes nothing: a true duplicate").hasSize(3);
  }

  @Test
  void aTestOrderIsSkipped() throws Exception {
    fixture("shopify");
    Map<String, Object> parsed =
        TopologyFixture.JSON.readValue(
            payload("shopify", "order.json"),
            new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
    @SuppressWarnings("unchecked")
    Map<String, Object> inner = (Map<String, Object>) parsed.get("order");
    inner.put("test", true);

    t.publish("shopify.orders", "1", TopologyFixture.JSON.writeValueAsString(parsed));

    assertThat(t.customerCommands()).isEmpty();
    assertThat(t.deadLetters()).isEmpty();
    assertThat(count("ingest.events.skipped", "topic", "shopify.orders", "rule", "orders"))
        .isEqualTo(1);
  }
}
