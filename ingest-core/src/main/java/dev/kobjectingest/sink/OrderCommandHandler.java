package dev.kobjectingest.sink;

import dev.kobjectingest.command.CommandJson;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.mapping.Origin;
import dev.kobjectingest.mapping.WriteModel;
import java.io.IOException;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Applies order commands; their change count orders and coalesces them per order. */
final class OrderCommandHandler implements CommandHandler {
  private final OrderHandler orders;
  private final CustomerHandler customers;
  private final CustomerRequests requests;

  OrderCommandHandler(OrderHandler orders, CustomerHandler customers, CustomerRequests requests) {
    this.orders = orders;
    this.customers = customers;
    this.requests = requests;
  }

  @Override
  public long handle(ConsumerRecord<byte[], byte[]> record, CallFailure previous)
      throws CallFailure, InterruptedException, InvalidCommand, CustomerUnavailable {
    OrderCommand c = read(record);
    if (c.customerId() == null) {
      // Its customer was given up when the topology emitted it: resolved since (a replayed
      // customer), asked for again (a replayed order), or dead-lettered with it.
      String id = customers.idOf(c.identityKey());
      Header replay = record.headers().lastHeader(DeadLetterHeaders.REPLAY_ID);
      if (id != null) {
        c = c.withCustomerId(id);
      } else if (replay != null && c.customer() != null) {
        requests.request(c.customer(), replay);
        return c.eventTime(); // the topology re-emits the order once the customer is resolved
      } else {
        throw new CustomerUnavailable(c.customerFailure());
      }
    }
    orders.apply(c, previous);
    return c.eventTime();
  }

  /** An order whose customer was given up: its order event, run through the rules again. */
  @Override
  public Origin origin(ConsumerRecord<byte[], byte[]> record, SinkReason reason) {
    if (reason != SinkReason.CUSTOMER_DEAD_LETTERED) {
      return null; // the command itself is what to write again
    }
    try {
      return read(record).origin();
    } catch (InvalidCommand e) {
      return null;
    }
  }

  @Override
  public void bind(IntSupplier backlog) {
    orders.backlog(backlog);
  }

  @Override
  public void partitionsAssigned() {
    orders.catchUp();
  }

  @Override
  public long sequence(ConsumerRecord<byte[], byte[]> record) {
    try {
      return read(record).changes();
    } catch (InvalidCommand e) {
      return Long.MIN_VALUE;
    }
  }

  static OrderCommand read(ConsumerRecord<byte[], byte[]> record) throws InvalidCommand {
    OrderCommand c;
    try {
      c = CommandJson.read(record.value(), OrderCommand.class);
    } catch (IOException | RuntimeException e) {
      throw new InvalidCommand("not an order command: " + e.getMessage(), e);
    }
    if (c == null
        || c.orderId() == null
        || c.order() == null
        || (c.customerId() == null && c.customerFailure() == null)
        || c.klass() == null
        || c.model() == null) {
      throw new InvalidCommand("not an order command", null);
    }
    try {
      if (WriteModel.parse(c.model()) == WriteModel.REL
          && (c.itemKlass() == null || c.relationships().size() != 2)) {
        throw new InvalidCommand(
            "a rel order command needs its item klass and relationships", null);
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidCommand("not an order command: " + e.getMessage(), e);
    }
    return c;
  }
}
