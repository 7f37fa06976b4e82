package dev.kobjectingest.sink;

import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.topology.JsonSerde;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/** Applies order commands; their change count orders and coalesces them per order. */
final class OrderCommandHandler implements CommandHandler {
  private final Deserializer<OrderCommand> reader = JsonSerde.of(OrderCommand.class).deserializer();
  private final OrderHandler orders;

  OrderCommandHandler(OrderHandler orders) {
    this.orders = orders;
  }

  @Override
  public long handle(ConsumerRecord<String, byte[]> record, CallFailure previous)
      throws CallFailure, InterruptedException, InvalidCommand {
    OrderCommand c = read(record);
    orders.apply(c, previous);
    return c.eventTime();
  }

  @Override
  public void bind(java.util.function.IntSupplier backlog) {
    orders.backlog(backlog);
  }

  @Override
  public void partitionsAssigned() {
    orders.catchUp();
  }

  @Override
  public long sequence(ConsumerRecord<String, byte[]> record) {
    try {
      return read(record).changes();
    } catch (InvalidCommand e) {
      return Long.MIN_VALUE;
    }
  }

  private OrderCommand read(ConsumerRecord<String, byte[]> record) throws InvalidCommand {
    try {
      OrderCommand c = reader.deserialize(record.topic(), record.value());
      if (c == null
          || c.orderId() == null
          || c.order() == null
          || c.customerId() == null
          || c.klass() == null) {
        throw new InvalidCommand("not an order command", null);
      }
      return c;
    } catch (RuntimeException e) {
      throw new InvalidCommand("not an order command: " + e.getMessage(), e);
    }
  }
}
