package dev.kobjectingest.sink;

import dev.kobjectingest.command.CommandJson;
import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.mapping.Origin;
import java.io.IOException;
import java.time.Clock;
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
  private final Clock clock;

  CustomerCommandHandler(CustomerHandler customers, Clock clock) {
    this.customers = customers;
    this.clock = clock;
  }

  @Override
  public long handle(ConsumerRecord<byte[], byte[]> record, CallFailure previous)
      throws CallFailure, InterruptedException, InvalidCommand {
    CustomerCommand c = read(record);
    if (c.customerId() != null) {
      customers.keepCurrent(c, c.customerId(), previous);
    } else {
      customers.learned(c.identityKey(), customers.resolve(c, previous));
    }
    return c.eventTime();
  }

  /** Any customer failure: the order event behind it, run through the rules again. */
  @Override
  public Origin origin(ConsumerRecord<byte[], byte[]> record, SinkReason reason) {
    try {
      return read(record).origin();
    } catch (InvalidCommand e) {
      return null;
    }
  }

  /** The orders waiting on this identity are dead-lettered too (a failure mark on customer-ids). */
  @Override
  public void deadLettered(ConsumerRecord<byte[], byte[]> record, SinkReason reason)
      throws InterruptedException {
    CustomerCommand c;
    try {
      c = read(record);
    } catch (InvalidCommand e) {
      return; // not a command: no identity waits on it
    }
    if (c.customerId() != null) {
      return; // an update of a known customer: no order waits on it
    }
    customers.failed(c.identityKey(), reason.code(), clock.millis());
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
    if (c != null && c.customerId() != null) {
      if (c.update() == null
          || !c.identityKey().equals(CustomerCommand.UPDATE_KEY + c.customerId())) {
        throw new InvalidCommand("not a customer update", null);
      }
      return c;
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
