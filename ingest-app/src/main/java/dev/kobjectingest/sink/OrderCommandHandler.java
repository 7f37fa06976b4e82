package dev.kobjectingest.sink;

import dev.kobjectingest.command.CommandJson;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.mapping.WriteModel;
import java.io.IOException;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Applies order commands; their change count orders and coalesces them per order. */
final class OrderCommandHandler implements CommandHandler {
  private final OrderHandler orders;

  OrderCommandHandler(OrderHandler orders) {
    this.orders = orders;
  }

  @Override
  public long handle(ConsumerRecord<byte[], byte[]> record, CallFailure previous)
      throws CallFailure, InterruptedException, InvalidCommand {
    OrderCommand c = read(record);
    orders.apply(c, previous);
    return c.eventTime();
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
        || c.customerId() == null
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
