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
