package dev.kobjectingest.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.mapping.CustomerFacts;
import dev.kobjectingest.mapping.CustomerProfileMapping.Aggregate;
import dev.kobjectingest.topology.CustomerProfile.OrderFacts;
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
 * Passes a customer command on only when its identity is new, its details changed, or (when the
 * rules keep customers current) its profile's update changed: an order update that changes nothing
 * about its customer must not cost a customer request. Runs after repartitioning by identity, so
 * one task owns each identity and its profile.
 *
 * <p>The profile is computed from one entry per order ({@link #ORDERS}, keyed by identity and order
 * id): an updated order replaces its entry, a duplicated or late event finds its entry unchanged,
 * and an order that moved to another customer removes its entry here.
 */
final class CustomerRequestProcessor
    implements FixedKeyProcessor<String, CustomerOrder, CustomerCommand> {
  static final String STORE = "customer-requests";
  static final String ORDERS = "customer-orders";
  static final String PROFILES = "customer-profiles";

  private final boolean profiles;
  private final ProfileFold fold;
  private FixedKeyProcessorContext<String, CustomerCommand> context;
  private KeyValueStore<String, String> store;
  private KeyValueStore<String, OrderFacts> orders;
  private KeyValueStore<String, CustomerProfile> profileStore;

  CustomerRequestProcessor(boolean profiles, List<Aggregate> aggregates) {
    this.profiles = profiles;
    this.fold = new ProfileFold(aggregates);
  }

  @Override
  public void init(FixedKeyProcessorContext<String, CustomerCommand> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    if (profiles) {
      this.orders = context.getStateStore(ORDERS);
      this.profileStore = context.getStateStore(PROFILES);
    }
  }

  @Override
  public void process(FixedKeyRecord<String, CustomerOrder> record) {
    CustomerOrder o = record.value();
    CustomerCommand command = o.command();
    boolean replay = record.headers().lastHeader(DeadLetterHeaders.REPLAY_ID) != null;
    String details = command.customer().toString();
    boolean changed = !o.removed() && !details.equals(store.get(record.key()));
    if (changed) {
      store.put(record.key(), details);
    }
    if (profiles) {
      Update update = profile(record.key(), o);
      changed |= update.changed();
      command = command.withUpdate(update.body());
    }
    if (replay || changed) {
      context.forward(record.withValue(command));
    }
  }

  /** The update a customer's profile makes, and whether it differs from the last one sent. */
  private record Update(ObjectNode body, boolean changed) {}

  /** Takes the order's contribution into the customer's profile. */
  private Update profile(String identity, CustomerOrder o) {
    String key = orderKey(identity, o.orderId());
    OrderFacts old = orders.get(key);
    CustomerFacts facts = o.facts() == null ? CustomerFacts.empty() : o.facts();
    OrderFacts next = o.removed() ? null : new OrderFacts(o.version(), facts);
    if (next != null && old != null && old.version() > next.version()) {
      next = old; // older than what this customer has of the order: changes nothing
    }
    CustomerProfile p = profileStore.get(identity);
    p = p == null ? CustomerProfile.empty() : p;
    if (!Objects.equals(old, next)) {
      if (next == null) {
        orders.delete(key);
      } else {
        orders.put(key, next);
      }
      p =
          ProfileFold.needsRescan(p, o.orderId(), old)
              ? fold.of(ordersOf(identity), p.emitted())
              : fold.replace(p, o.orderId(), old, next);
    }
    ObjectNode body = fold.update(p);
    String update = body.toString();
    boolean differs = !update.equals(p.emitted());
    if (differs) {
      p = p.withEmitted(update);
    }
    if (differs || !Objects.equals(old, next)) {
      profileStore.put(identity, p);
    }
    return new Update(body, differs);
  }

  private List<Map.Entry<String, OrderFacts>> ordersOf(String identity) {
    String prefix = orderKey(identity, "");
    List<Map.Entry<String, OrderFacts>> out = new ArrayList<>();
    try (KeyValueIterator<String, OrderFacts> it =
        orders.prefixScan(prefix, new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, OrderFacts> kv = it.next();
        out.add(Map.entry(kv.key.substring(prefix.length()), kv.value));
      }
    }
    return out;
  }

  /**
   * The key of one order's entry. The identity's length comes first, so no identity's keys are a
   * prefix of another's ({@code email:a@b.c} and {@code email:a@b.co}), whatever the text holds.
   */
  static String orderKey(String identity, String orderId) {
    return identity.length() + ":" + identity + orderId;
  }
}
