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

  @Test
  void theOrdersOfADeadLetteredCustomerCarryTheFailureTheLaterOnesTooUntilItIsResolved()
      throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    t.publish("orders.raw", "AB-1", example("order.json", "order_number", "AB-1"));

    t.learnCustomer(JANE, CustomerIds.failed("retries-exhausted"));
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
}
