package dev.kobjectingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.mapping.PoisonPayloads;
import dev.kobjectingest.mapping.WriteModel;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Through the whole topology, on one partition: every record of a batch that mixes good orders with
 * poison ends as exactly one order command or exactly one dead letter, and no exception escapes
 * (the driver would rethrow it). The customer ids are answered as the sink would.
 */
class TopologyPropertiesTest {
  private static final AtomicInteger ORDERS = new AtomicInteger();
  private static TopologyFixture t;
  private static String order;
  private static final Set<String> learned = new HashSet<>();

  @BeforeContainer
  static void start() throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    order = TopologyFixture.example("order.json");
  }

  @AfterContainer
  static void stop() {
    t.close();
  }

  @Provide
  Arbitrary<List<byte[]>> batches() {
    Arbitrary<byte[]> good =
        Arbitraries.just(order.getBytes(StandardCharsets.UTF_8)).map(b -> b.clone());
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(1, good),
            net.jqwik.api.Tuple.of(3, PoisonPayloads.payload(order)))
        .list()
        .ofMinSize(1)
        .ofMaxSize(6);
  }

  @Property(tries = 300)
  void everyRecordEndsAsOneCommandOrOneDeadLetter(@ForAll("batches") List<byte[]> batch)
      throws Exception {
    for (byte[] payload : batch) {
      byte[] unique = withFreshOrderNumber(payload);
      t.publishBytes(
          "orders.raw", "k".getBytes(StandardCharsets.UTF_8), unique, new RecordHeaders());
      answerCustomers();
      List<OrderCommand> commands = t.orderCommands();
      List<TestRecord<byte[], byte[]>> dead = t.deadLetters();
      String what = new String(unique, StandardCharsets.UTF_8);
      what = what.substring(0, Math.min(300, what.length()));
      if (unique == payload) {
        // Its order id comes from the poison itself and may repeat: a true duplicate changes
        // nothing.
        assertThat(commands.size() + dead.size()).as("outcomes of %s", what).isLessThanOrEqualTo(1);
      } else {
        assertThat(commands.size() + dead.size()).as("outcomes of %s", what).isEqualTo(1);
      }
      for (TestRecord<byte[], byte[]> d : dead) {
        assertThat(d.value()).isEqualTo(unique);
        assertThat(DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.REASON)).isNotBlank();
      }
    }
  }

  @Provide
  Arbitrary<byte[]> anything() {
    return PoisonPayloads.payload(order);
  }

  @Property(tries = 200)
  void shipmentAndLineItemTopicsNeverStop(@ForAll("anything") byte[] payload) {
    t.publishBytes("shipments.raw", null, payload, new RecordHeaders());
    t.publishBytes("line-items.raw", null, payload, new RecordHeaders());
    answerCustomers();
    assertThat(t.deadLetters().size()).isLessThanOrEqualTo(2);
    t.orderCommands();
  }

  private static TopologyFixture woo;
  private static TopologyFixture bc;
  private static final io.micrometer.core.instrument.simple.SimpleMeterRegistry REGISTRY =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
  private static final AtomicInteger WOO_IDS = new AtomicInteger(10_000);
  private static final Set<String> wooLearned = new HashSet<>();

  @BeforeContainer
  static void startExamples() throws Exception {
    java.nio.file.Path examples = java.nio.file.Path.of("..", "mapping-rules", "examples");
    dev.kobjectingest.metrics.IngestMeters meters =
        new dev.kobjectingest.metrics.IngestMeters(REGISTRY);
    woo =
        new TopologyFixture(
            dev.kobjectingest.mapping.RuleLoader.load(examples.resolve("woocommerce")),
            TopologySettings.defaults(WriteModel.NESTED),
            meters);
    bc =
        new TopologyFixture(
            dev.kobjectingest.mapping.RuleLoader.load(examples.resolve("bigcommerce")),
            TopologySettings.defaults(WriteModel.NESTED),
            meters);
  }

  @AfterContainer
  static void stopExamples() {
    woo.close();
    bc.close();
  }

  @Provide
  Arbitrary<byte[]> wooOrders() throws Exception {
    String text =
        java.nio.file.Files.readString(
            java.nio.file.Path.of(
                "..", "mapping-rules", "examples", "woocommerce", "payloads", "order.json"));
    return PoisonPayloads.payload(
        text,
        List.of(
            "status",
            "date_modified",
            "date_created",
            "customer_id",
            "billing.email",
            "billing.phone",
            "line_items",
            "line_items.0.id",
            "shipping_lines",
            "total"));
  }

  /**
   * With a filter, sentinels, empty strings, phones and a time zone: every WooCommerce record ends
   * as exactly one order command, one dead letter or one skip (counted), and nothing escapes.
   */
  @Property(tries = 200)
  void everyFilteredRecordEndsAsOneCommandOneDeadLetterOrOneSkip(
      @ForAll("wooOrders") byte[] payload) throws Exception {
    byte[] unique = payload;
    boolean fresh = false;
    try {
      if (TopologyFixture.JSON.readTree(payload) instanceof ObjectNode o
          && o.path("id").isNumber()) {
        o.put("id", WOO_IDS.incrementAndGet());
        unique = TopologyFixture.JSON.writeValueAsBytes(o);
        fresh = true;
      }
    } catch (java.io.IOException e) {
      // not JSON: sent as it is
    }
    double skippedBefore = skipped();
    woo.publishBytes("woo.orders", null, unique, new RecordHeaders());
    for (CustomerCommand c : woo.customerCommands()) {
      if (wooLearned.add(c.identityKey())) {
        woo.learnCustomer(c.identityKey(), "woo-cust-" + wooLearned.size());
      }
    }
    int outcomes =
        woo.orderCommands().size() + woo.deadLetters().size() + (int) (skipped() - skippedBefore);
    if (fresh) {
      assertThat(outcomes).isEqualTo(1);
    } else {
      assertThat(outcomes).isLessThanOrEqualTo(1);
    }
  }

  private static double skipped() {
    var c = REGISTRY.find("ingest.events.skipped").counter();
    return c == null ? 0 : c.count();
  }

  @Provide
  Arbitrary<byte[]> productLists() throws Exception {
    String text =
        java.nio.file.Files.readString(
            java.nio.file.Path.of(
                "..", "mapping-rules", "examples", "bigcommerce", "payloads", "products.json"));
    return PoisonPayloads.payload(
        text, List.of("0", "1", "0.order_id", "0.id", "1.order_id", "1.id", "0.quantity"));
  }

  /**
   * A split record never stops the topology: each of its dead letters is the original record, with
   * a reason, and there are never more dead letters than elements (or one for the whole record).
   */
  @Property(tries = 200)
  void splitRecordsNeverStop(@ForAll("productLists") byte[] payload) {
    bc.publishBytes("bc.order-products", null, payload, new RecordHeaders());
    List<TestRecord<byte[], byte[]>> dead = bc.deadLetters();
    bc.orderCommands();
    assertThat(dead.size()).isLessThanOrEqualTo(Math.max(1, elements(payload)));
    for (TestRecord<byte[], byte[]> d : dead) {
      assertThat(d.value()).isEqualTo(payload);
      assertThat(DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.REASON)).isNotBlank();
    }
  }

  private static int elements(byte[] payload) {
    try {
      return TopologyFixture.JSON.readTree(payload).size();
    } catch (java.io.IOException e) {
      return 1;
    }
  }

  /**
   * Gives the order a number never used, when the payload is an order object with a text number;
   * otherwise returns the same array.
   */
  private static byte[] withFreshOrderNumber(byte[] payload) {
    try {
      if (!(TopologyFixture.JSON.readTree(payload) instanceof ObjectNode o)
          || !o.path("order_number").isTextual()) {
        return payload;
      }
    } catch (Exception e) {
      return payload;
    }
    String text = new String(payload, StandardCharsets.UTF_8);
    String number = "P-" + ORDERS.incrementAndGet();
    return text.replaceFirst(
            "\"order_number\"\\s*:\\s*\"[^\"]*\"", "\"order_number\":\"" + number + "\"")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** What the sink does: every identity asked for gets an id. */
  private static void answerCustomers() {
    for (CustomerCommand c : t.customerCommands()) {
      if (learned.add(c.identityKey())) {
        t.learnCustomer(c.identityKey(), "cust-" + learned.size());
      }
    }
  }
}
