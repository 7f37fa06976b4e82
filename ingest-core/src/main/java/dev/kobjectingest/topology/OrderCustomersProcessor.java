package dev.kobjectingest.topology;

import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.mapping.CustomerFacts;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sends each order's contribution to the profile of the Kustomer customer its command names, keyed
 * by that customer's id: the profile belongs to the customer, whichever identity (externalId,
 * email, phone) an order reached it by, so a guest's orders and the same person's later registered
 * orders count together. An order whose customer changes leaves the first one's profile ({@link
 * #STORE}: the customer each order counts for).
 */
final class OrderCustomersProcessor
    implements Processor<String, OrderCommand, String, CustomerOrder> {
  static final String STORE = "order-customers";

  private ProcessorContext<String, CustomerOrder> context;
  private KeyValueStore<String, String> store;

  @Override
  public void init(ProcessorContext<String, CustomerOrder> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, OrderCommand> record) {
    OrderCommand c = record.value();
    if (c == null || c.customerId() == null) {
      return; // a customer given up: its order is dead-lettered, it counts for no one
    }
    String orderId = record.key();
    String before = store.get(orderId);
    if (before != null && !before.equals(c.customerId())) {
      context.forward(
          record.withKey(before).withValue(new CustomerOrder(orderId, null, true, c.origin())));
    }
    if (!c.customerId().equals(before)) {
      store.put(orderId, c.customerId());
    }
    CustomerFacts f = c.customerFacts() == null ? CustomerFacts.empty() : c.customerFacts();
    context.forward(
        record.withKey(c.customerId()).withValue(new CustomerOrder(orderId, f, false, c.origin())));
  }
}
