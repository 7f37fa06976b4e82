package dev.kobjectingest.topology;

import static dev.kobjectingest.topology.TopologyFixture.example;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.command.CustomerIds;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.mapping.WriteModel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Orders held back for their customer are visible, and never wait in silence for a dead one. */
class WaitingOrdersTest {
  private static final String JANE = "email:janedoe@example.com";
  private TopologyFixture t;

  @AfterEach
  void close() {
    if (t != null) {
      t.close();
    }
  }

  @Test
  void anOrderWaitingForItsCustomerIsCountedWithItsAgeUntilTheIdArrives() throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);

    t.publish("orders.raw", "AB-1", example("order.json", "order_number", "AB-1"));
    t.publish("orders.raw", "AB-2", example("order.json", "order_number", "AB-2"));
    t.driver.advanceWallClockTime(Duration.ofSeconds(30));

    assertThat(t.orderCommands()).isEmpty();
    assertThat(t.gauge("ingest.orders.waiting.for.customer")).isEqualTo(2);
    assertThat(t.gauge("ingest.orders.waiting.oldest.seconds")).isGreaterThanOrEqualTo(25);

    t.learnCustomer(JANE, "cust-1");
    t.driver.advanceWallClockTime(Duration.ofSeconds(5));

    assertThat(t.orderCommands()).extracting(OrderCommand::customerId).containsOnly("cust-1");
    assertThat(t.gauge("ingest.orders.waiting.for.customer")).isZero();
    assertThat(t.gauge("ingest.orders.waiting.oldest.seconds")).isZero();
  }

  /** A shipment whose order never comes must not wait unseen (adversarial pass, M4). */
  @Test
  void shipmentsAndItemsWithoutTheirOrderAreCountedWithTheirAgeUntilTheOrderComes()
      throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    t.learnCustomer(JANE, "cust-1");

    t.publish("shipments.raw", "SH-1", example("shipment.json", "order_number", "AB-9"));
    t.publish(
        "shipments.raw",
        "SH-2",
        example("shipment.json", "order_number", "AB-9", "shipment_id", "SH-2"));
    t.publish("line-items.raw", "L-1", example("line-item.json", "order_number", "AB-8"));
    t.driver.advanceWallClockTime(Duration.ofSeconds(60));

    assertThat(t.orderCommands()).isEmpty();
    assertThat(t.gauge("ingest.orders.incomplete")).isEqualTo(2);
    assertThat(t.gauge("ingest.orders.incomplete.oldest.seconds")).isGreaterThanOrEqualTo(55);

    t.publish("orders.raw", "AB-9", example("order.json", "order_number", "AB-9"));
    t.driver.advanceWallClockTime(Duration.ofSeconds(5));

    assertThat(t.orderCommands()).extracting(OrderCommand::orderId).containsExactly("AB-9");
    assertThat(t.gauge("ingest.orders.incomplete")).isEqualTo(1);
  }

  @Test
  void theOrdersOfADeadLetteredCustomerCarryTheFailureTheLaterOnesTooUntilItIsResolved()
      throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    t.publish("orders.raw", "AB-1", example("order.json", "order_number", "AB-1"));

    t.learnCustomer(JANE, CustomerIds.failed("retries-exhausted", 1_700_000_000_000L));
    t.publish("orders.raw", "AB-2", example("order.json", "order_number", "AB-2"));

    List<OrderCommand> failed = t.orderCommands();
    assertThat(failed).extracting(OrderCommand::orderId).containsExactly("AB-1", "AB-2");
    assertThat(failed)
        .allSatisfy(
            c -> {
              assertThat(c.customerId()).isNull();
              assertThat(c.customerFailure()).isEqualTo("retries-exhausted");
              assertThat(c.customer().identityKey()).isEqualTo(JANE);
            });
    t.driver.advanceWallClockTime(Duration.ofSeconds(5));
    assertThat(t.gauge("ingest.orders.waiting.for.customer"))
        .as("dead letters, not waiting")
        .isZero();

    t.learnCustomer(JANE, "cust-9");

    assertThat(t.orderCommands())
        .as("a replayed customer releases every order")
        .extracting(OrderCommand::orderId, OrderCommand::customerId)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("AB-1", "cust-9"),
            org.assertj.core.groups.Tuple.tuple("AB-2", "cust-9"));
  }

  @Test
  void aReplayedOrderAsksForItsGivenUpCustomerAgainAndWaitsForTheAnswer() throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    t.publish("orders.raw", "AB-1", example("order.json", "order_number", "AB-1"));
    assertThat(t.customerCommands()).hasSize(1);
    t.learnCustomer(JANE, CustomerIds.failed("http-4xx", 1_700_000_000_000L));
    OrderCommand failed = t.orderCommands().get(0);
    assertThat(failed.customerFailure()).isEqualTo("http-4xx");
    assertThat(failed.origin()).isEqualTo(new dev.kobjectingest.mapping.Origin("orders.raw", 0, 0));

    // What replay re-publishes: the raw order event, with its replay header.
    org.apache.kafka.common.header.internals.RecordHeaders replay =
        new org.apache.kafka.common.header.internals.RecordHeaders();
    replay.add(
        dev.kobjectingest.deadletter.DeadLetterHeaders.REPLAY_ID,
        "r:0:1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    t.publish("orders.raw", "AB-1", example("order.json", "order_number", "AB-1"), replay);

    assertThat(t.customerCommands()).as("the customer is asked for again").hasSize(1);
    assertThat(t.orderCommands()).as("no second dead letter while it is asked for").isEmpty();
    t.driver.advanceWallClockTime(Duration.ofSeconds(5));
    assertThat(t.gauge("ingest.orders.waiting.for.customer")).isEqualTo(1);

    t.learnCustomer(JANE, "cust-3");
    assertThat(t.orderCommands()).extracting(OrderCommand::customerId).containsExactly("cust-3");
  }
}
