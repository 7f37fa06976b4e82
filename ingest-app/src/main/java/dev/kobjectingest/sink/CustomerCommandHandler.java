package dev.kobjectingest.sink;

import dev.kobjectingest.command.CommandJson;
import dev.kobjectingest.command.CustomerCommand;
import java.io.IOException;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Resolves a customer and publishes its id on the customer-ids topic, which releases the orders
 * waiting for it in the topology. The id is published before the record counts as applied, so a
 * crash in between only repeats a cheap lookup.
 */
final class CustomerCommandHandler implements CommandHandler {
  /** The identities Kustomer looks customers up by; also a closed set of metric tags. */
  private static final Pattern LOOKUP =
      Pattern.compile("^(externalId|email|phone):.*", Pattern.DOTALL);

  private final CustomerHandler customers;

  CustomerCommandHandler(CustomerHandler customers) {
    this.customers = customers;
  }

  @Override
  public long handle(ConsumerRecord<byte[], byte[]> record, CallFailure previous)
      throws CallFailure, InterruptedException, InvalidCommand {
    CustomerCommand c = read(record);
    customers.learned(c.identityKey(), customers.resolve(c, previous));
    return c.eventTime();
  }

  @Override
  public void bind(IntSupplier backlog) {
    customers.backlog(backlog);
  }

  @Override
  public void partitionsAssigned() {
    customers.catchUp();
  }

  @Override
  public long sequence(ConsumerRecord<byte[], byte[]> record) {
    return record.offset();
  }

  static CustomerCommand read(ConsumerRecord<byte[], byte[]> record) throws InvalidCommand {
    CustomerCommand c;
    try {
      c = CommandJson.read(record.value(), CustomerCommand.class);
    } catch (IOException | RuntimeException e) {
      throw new InvalidCommand("not a customer command: " + e.getMessage(), e);
    }
    if (c == null || c.identityKey() == null || c.lookups().isEmpty() || c.customer() == null) {
      throw new InvalidCommand("not a customer command", null);
    }
    if (!c.lookups().stream().allMatch(l -> LOOKUP.matcher(l).matches())) {
      throw new InvalidCommand("a lookup is not externalId:, email: or phone:", null);
    }
    return c;
  }
}
