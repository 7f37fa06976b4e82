package dev.kobjectingest.sink;

import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.topology.JsonSerde;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
  private final Producer<String, String> ids;
  private final String idsTopic;

  CustomerCommandHandler(CustomerHandler customers, Producer<String, String> ids, String idsTopic) {
    this.customers = customers;
    this.ids = ids;
    this.idsTopic = idsTopic;
  }

  @Override
  public long handle(ConsumerRecord<String, byte[]> record)
      throws CallFailure, InterruptedException, InvalidCommand {
    CustomerCommand c = read(record);
    String id = customers.resolve(c);
    try {
      ids.send(new ProducerRecord<>(idsTopic, c.identityKey(), id)).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot publish the customer id of an identity", e);
    }
    return c.eventTime();
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
