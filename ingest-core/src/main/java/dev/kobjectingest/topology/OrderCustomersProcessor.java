package dev.kobjectingest.topology;

import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.mapping.CustomerFacts;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sends each order's contribution to the profile of the Kustomer customer its KObject is on, keyed
 * by that customer's id: the profile belongs to the customer, whichever identity (externalId,
 * email, phone) an order reached it by, so a guest's orders and the same person's later registered
 * orders count together.
 *
 * <p>An order counts for the first customer its command named ({@link #STORE}), for good: its
 * KObject stays on that customer's timeline (Kustomer's KObject update takes no customer), and a
 * profile that disagreed with the timeline would count an order the customer does not show. An
 * order that later names another person (reassigned in the shop, or an update that lost its
 * externalId and now resolves by a shared email) still counts there, but what it says about its
 * customer (a name) is someone else's, so its attributes go nowhere.
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
    String first = store.get(orderId);
    if (first == null) {
      first = c.customerId();
      store.put(orderId, first);
    }
    CustomerFacts f = c.customerFacts() == null ? CustomerFacts.empty() : c.customerFacts();
    if (!first.equals(c.customerId())) {
      f = new CustomerFacts(null, f.measures(), f.version());
    }
    // Stamped with its source events' time, not the join's: an order released the moment the sink
    // learned its customer's id is as old as its events, and the profiles judge a backlog by it.
    context.forward(
        record
            .withKey(first)
            .withValue(new CustomerOrder(orderId, f, false, c.origin()))
            .withTimestamp(c.eventTime()));
  }
}
