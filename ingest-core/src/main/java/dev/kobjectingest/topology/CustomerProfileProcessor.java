package dev.kobjectingest.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.mapping.CustomerFacts;
import dev.kobjectingest.mapping.CustomerProfileMapping.Aggregate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each Kustomer customer's profile from its orders and sends a customer update when the
 * profile's update changed (an order change that changes nothing about its customer costs nothing).
 * Keyed by customer id after a repartition, so one task owns each customer.
 *
 * <p>The profile is computed from one entry per order ({@link #ORDERS}, keyed by customer id and
 * order id): an updated order replaces its entry, a duplicated or late event finds its entry
 * unchanged, and an order that moved to another customer removes its entry here.
 */
final class CustomerProfileProcessor
    implements FixedKeyProcessor<String, CustomerOrder, CustomerCommand> {
  static final String ORDERS = "customer-orders";
  static final String PROFILES = "customer-profiles";

  private final ProfileFold fold;
  private FixedKeyProcessorContext<String, CustomerCommand> context;
  private KeyValueStore<String, CustomerFacts> orders;
  private KeyValueStore<String, CustomerProfile> profiles;

  CustomerProfileProcessor(List<Aggregate> aggregates) {
    this.fold = new ProfileFold(aggregates);
  }

  @Override
  public void init(FixedKeyProcessorContext<String, CustomerCommand> context) {
    this.context = context;
    this.orders = context.getStateStore(ORDERS);
    this.profiles = context.getStateStore(PROFILES);
  }

  @Override
  public void process(FixedKeyRecord<String, CustomerOrder> record) {
    String customerId = record.key();
    CustomerOrder o = record.value();
    String key = orderKey(customerId, o.orderId());
    CustomerFacts old = orders.get(key);
    CustomerFacts next = o.removed() ? null : o.facts();
    if (next != null && old != null && old.version() > next.version()) {
      next = old; // older than what this customer has of the order: changes nothing
    }
    CustomerProfile p = profiles.get(customerId);
    p = p == null ? CustomerProfile.empty() : p;
    boolean moved = !Objects.equals(old, next);
    if (moved) {
      if (next == null) {
        orders.delete(key);
      } else {
        orders.put(key, next);
      }
      p =
          ProfileFold.needsRescan(p, o.orderId(), old)
              ? fold.of(ordersOf(customerId), p.emitted())
              : fold.replace(p, o.orderId(), old, next);
    }
    ObjectNode body = fold.update(p);
    String update = body.toString();
    boolean changed = !update.equals(p.emitted());
    if (changed) {
      p = p.withEmitted(update);
    }
    if (changed || moved) {
      profiles.put(customerId, p);
    }
    boolean replay = record.headers().lastHeader(DeadLetterHeaders.REPLAY_ID) != null;
    if (changed || replay) {
      context.forward(
          record.withValue(
              CustomerCommand.update(customerId, body, record.timestamp(), o.origin())));
    }
  }

  private List<Map.Entry<String, CustomerFacts>> ordersOf(String customerId) {
    String prefix = orderKey(customerId, "");
    List<Map.Entry<String, CustomerFacts>> out = new ArrayList<>();
    try (KeyValueIterator<String, CustomerFacts> it =
        orders.prefixScan(prefix, new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, CustomerFacts> kv = it.next();
        out.add(Map.entry(kv.key.substring(prefix.length()), kv.value));
      }
    }
    return out;
  }

  /**
   * The key of one order's entry. The customer id's length comes first, so no customer's keys are a
   * prefix of another's, whatever the ids hold.
   */
  static String orderKey(String customerId, String orderId) {
    return customerId.length() + ":" + customerId + orderId;
  }
}
