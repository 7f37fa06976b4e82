package dev.kobjectingest.topology;

import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.mapping.CustomerFacts;
import dev.kobjectingest.mapping.CustomerProfileMapping.Aggregate;
import dev.kobjectingest.metrics.IngestMeters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each Kustomer customer's profile from its orders and sends a customer update when the
 * profile's update changed (an order change that changes nothing about its customer costs nothing).
 * Keyed by customer id after a repartition, so one task owns each customer.
 *
 * <p>The profile is computed from one entry per order ({@link #ORDERS}, keyed by customer id and
 * order id): an updated order replaces its entry, a duplicated or late event finds its entry
 * unchanged (an entry marked removed, from an older version, goes).
 *
 * <p>A changed profile (or a replayed order event, which sends its customer's update even when
 * unchanged) is marked due in the profile itself ({@link CustomerProfile#due}); every interval of
 * wall-clock time one update per due customer goes out, with its profile as it is then, and the
 * mark is cleared. A customer whose orders change several times within the interval costs one
 * update, not one per change; while the topology catches up on a backlog, updates are held up to
 * the pace's max wait ({@link DueUpdates}). The mark is in the store's changelog, so a restart
 * sends what was due; the ids of due customers are also kept in memory (rebuilt from the store at
 * start) so that a send reads only those profiles.
 */
final class CustomerProfileProcessor
    implements Processor<String, CustomerOrder, String, CustomerCommand> {
  static final String ORDERS = "customer-orders";
  static final String PROFILES = "customer-profiles";

  private final ProfileFold fold;
  private final CustomerUpdatePace pace;
  private final DueUpdates due;
  private final IngestMeters meters;
  private String task;
  private ProcessorContext<String, CustomerCommand> context;
  private KeyValueStore<String, CustomerFacts> orders;
  private KeyValueStore<String, CustomerProfile> profiles;

  CustomerProfileProcessor(
      List<Aggregate> aggregates, CustomerUpdatePace pace, IngestMeters meters) {
    this.meters = meters;
    this.fold = new ProfileFold(aggregates);
    this.pace = pace;
    this.due = new DueUpdates(pace);
  }

  @Override
  public void init(ProcessorContext<String, CustomerCommand> context) {
    this.context = context;
    this.orders = context.getStateStore(ORDERS);
    this.profiles = context.getStateStore(PROFILES);
    this.task = context.taskId().toString();
    due.clear();
    long now = context.currentSystemTimeMs();
    try (KeyValueIterator<String, CustomerProfile> it = profiles.all()) {
      while (it.hasNext()) {
        KeyValue<String, CustomerProfile> kv = it.next();
        if (kv.value != null && kv.value.due() != null) {
          due.due(kv.key, now);
        }
      }
    }
    report(now);
    context.schedule(pace.interval(), PunctuationType.WALL_CLOCK_TIME, this::sendDue);
  }

  @Override
  public void process(Record<String, CustomerOrder> record) {
    String customerId = record.key();
    CustomerOrder o = record.value();
    due.seen(record.timestamp());
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
              ? fold.of(ordersOf(customerId), p)
              : fold.replace(p, o.orderId(), old, next);
    }
    String update = fold.update(p).toString();
    boolean changed = !update.equals(p.emitted());
    boolean replay = record.headers().lastHeader(DeadLetterHeaders.REPLAY_ID) != null;
    if (changed || replay) {
      // The newest record behind the update wins: its time and origin go with it.
      p = p.withEmitted(update).withDue(new CustomerProfile.Due(record.timestamp(), o.origin()));
      long now = context.currentSystemTimeMs();
      if (due.due(customerId, now)) {
        report(now);
      }
    }
    if (changed || moved || replay) {
      profiles.put(customerId, p);
    }
  }

  /**
   * One update per customer {@link DueUpdates} lets go now, with its profile as it is now; their
   * marks are cleared.
   */
  private void sendDue(long now) {
    for (String customerId : due.take(now)) {
      CustomerProfile p = profiles.get(customerId);
      if (p == null || p.due() == null) {
        continue;
      }
      CustomerProfile.Due d = p.due();
      context.forward(
          new Record<>(
              customerId,
              CustomerCommand.update(customerId, fold.update(p), d.eventTime(), d.origin()),
              d.eventTime()));
      profiles.put(customerId, p.withDue(null));
    }
    report(now);
  }

  /** The updates due here, for the gauges: nothing held waits unseen. */
  private void report(long now) {
    meters.customerUpdatesDue(task, due.count(), due.oldestAgeMillis(now));
  }

  @Override
  public void close() {
    meters.customerUpdatesDueGone(task);
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
