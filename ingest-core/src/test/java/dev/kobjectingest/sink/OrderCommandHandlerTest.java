package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kobjectingest.command.CommandJson;
import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.command.CustomerIds;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.mapping.Origin;
import dev.kobjectingest.support.FakeTime;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** An order whose customer was given up: dead-lettered, released, or its customer asked again. */
class OrderCommandHandlerTest {
  private static final String JANE = "email:jane@example.com";
  private final FakeTime time = new FakeTime();
  private final MapTable customerIds = new MapTable();
  private final MapTable table = new MapTable();
  private final FakeKustomer kustomer = new FakeKustomer(call -> FakeKustomer.created("k-1"));
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final CustomerHandler customers =
      new CustomerHandler(
          kustomer,
          customerIds,
          new SinkIds(table),
          CustomerHandler.Bulk.off(),
          true,
          1000,
          new CustomerUpdates(kustomer, new SinkIds(table), null),
          new CustomerClaims(new SinkIds(table)));
  private final OrderCommandHandler handler =
      new OrderCommandHandler(
          new OrderHandler(
              kustomer,
              new KlassBootstrap(kustomer, true, false, time),
              new SinkIds(table),
              true,
              OrderHandler.Bulk.off(),
              time,
              1000),
          customers,
          new CustomerRequests(
              producer, "ingest.customer-commands", java.time.Duration.ofSeconds(5)));

  private static OrderCommand givenUp() {
    OrderCommand ok = Commands.order("1001", null, 3);
    return new OrderCommand(
        ok.schema(),
        ok.orderId(),
        ok.model(),
        ok.klass(),
        ok.itemKlass(),
        null,
        JANE,
        ok.changes(),
        ok.version(),
        ok.order(),
        ok.items(),
        ok.relationships(),
        ok.eventTime(),
        "retries-exhausted",
        Commands.customer(JANE, JANE),
        new Origin("orders.raw", 2, 41),
        null);
  }

  @Test
  void anOrderOfAGivenUpCustomerIsDeadLetteredWithTheReason() {
    customerIds.put(JANE, CustomerIds.failed("retries-exhausted", 1));

    assertThatThrownBy(() -> handler.handle(Commands.record(givenUp()), null))
        .isInstanceOf(CommandHandler.CustomerUnavailable.class)
        .hasMessageContaining("retries-exhausted");
    assertThat(kustomer.requests()).isEmpty();
  }

  @Test
  void anOrderWhoseCustomerWasResolvedSinceIsWrittenToIt() throws Exception {
    customerIds.put(JANE, "cust-7");

    handler.handle(Commands.record(givenUp()), null);

    assertThat(kustomer.requests()).containsExactly("POST /v1/customers/cust-7/klasses/order");
  }

  @Test
  void aReplayedOrderOfAGivenUpCustomerAsksForTheCustomerAgain() throws Exception {
    customerIds.put(JANE, CustomerIds.failed("retries-exhausted", 1));
    ConsumerRecord<byte[], byte[]> replayed = Commands.record(givenUp());
    replayed.headers().add(DeadLetterHeaders.REPLAY_ID, "r1:0:5".getBytes(StandardCharsets.UTF_8));

    handler.handle(replayed, null);

    assertThat(kustomer.requests()).isEmpty();
    assertThat(producer.history())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.topic()).isEqualTo("ingest.customer-commands");
              assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(JANE);
              assertThat(CommandJson.read(r.value(), CustomerCommand.class).identityKey())
                  .isEqualTo(JANE);
              assertThat(r.headers().lastHeader(DeadLetterHeaders.REPLAY_ID)).isNotNull();
            });
  }
}
