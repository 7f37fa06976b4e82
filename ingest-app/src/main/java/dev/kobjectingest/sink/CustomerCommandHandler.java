package dev.kobjectingest.sink;

import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.topology.JsonSerde;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Resolves a customer and publishes its id on the customer-ids topic, which releases the orders
 * waiting for it in the topology. The id is published before the record counts as applied, so a
 * crash in between only repeats a cheap lookup.
 */
final class CustomerCommandHandler implements CommandHandler {
  private final Deserializer<CustomerCommand> reader =
      JsonSerde.of(CustomerCommand.class).deserializer();
  private final CustomerHandler customers;

  CustomerCommandHandler(CustomerHandler customers) {
    this.customers = customers;
  }

  @Override
  public long handle(ConsumerRecord<String, byte[]> record, CallFailure previous)
      throws CallFailure, InterruptedException, InvalidCommand {
    CustomerCommand c = read(record);
    customers.learned(c.identityKey(), customers.resolve(c, previous));
    return c.eventTime();
  }

  @Override
  public void bind(java.util.function.IntSupplier backlog) {
    customers.backlog(backlog);
  }

  @Override
  public void partitionsAssigned() {
    customers.catchUp();
  }

  @Override
  public long sequence(ConsumerRecord<String, byte[]> record) {
    return record.offset();
  }

  private CustomerCommand read(ConsumerRecord<String, byte[]> record) throws InvalidCommand {
    try {
      CustomerCommand c = reader.deserialize(record.topic(), record.value());
      if (c == null || c.identityKey() == null || c.lookups().isEmpty() || c.customer() == null) {
        throw new InvalidCommand("not a customer command", null);
      }
      return c;
    } catch (RuntimeException e) {
      throw new InvalidCommand("not a customer command: " + e.getMessage(), e);
    }
  }
}
