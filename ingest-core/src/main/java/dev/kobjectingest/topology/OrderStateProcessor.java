package dev.kobjectingest.topology;

import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.mapping.MappedEvent;
import dev.kobjectingest.mapping.OrderState;
import dev.kobjectingest.mapping.OrderStateMerger;
import dev.kobjectingest.metrics.IngestMeters;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Merges each order's events into its state (latest wins per part) and forwards the state when it
 * changed and the order event has arrived. A replayed record ({@code ingest.replay.id}) is
 * forwarded even when it changes nothing, so a replay after a fix re-sends the write that failed.
 *
 * <p>Shipments and line items of an order whose order event has not come are held, and seen: how
 * many and the oldest go to {@link IngestMeters} every few seconds (an order event that never comes
 * would otherwise leave them waiting in silence).
 *
 * <p>A fixed-key processor: the state goes on under its order id, so the order table downstream
 * reads it as it is, without the repartition topic Kafka Streams puts before a table whose key may
 * have changed (as many writes and reads as states, for nothing).
 */
final class OrderStateProcessor implements FixedKeyProcessor<String, MappedEvent, OrderState> {
  static final String STORE = "order-state";
  static final String INCOMPLETE = "incomplete-orders";
  private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

  private final IngestMeters meters;
  private FixedKeyProcessorContext<String, OrderState> context;
  private KeyValueStore<String, OrderState> store;
  private Holds incomplete;
  private String task;

  OrderStateProcessor(IngestMeters meters) {
    this.meters = meters;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, OrderState> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    this.incomplete = new Holds(context.getStateStore(INCOMPLETE));
    this.task = context.taskId().toString();
    report(context.currentSystemTimeMs());
    context.schedule(REPORT_EVERY, PunctuationType.WALL_CLOCK_TIME, this::report);
  }

  private void report(long now) {
    Holds.Figures f = incomplete.count(now);
    meters.ordersIncomplete(task, f.count(), f.oldestAgeMillis());
  }

  @Override
  public void close() {
    meters.ordersIncompleteGone(task);
  }

  @Override
  public void process(FixedKeyRecord<String, MappedEvent> record) {
    String orderId = record.key();
    OrderState stored = store.get(orderId);
    OrderState current = stored == null ? OrderState.empty(orderId) : stored;
    OrderState next = OrderStateMerger.apply(current, record.value());
    boolean replay = record.headers().lastHeader(DeadLetterHeaders.REPLAY_ID) != null;
    // The merger returns a state with a higher change count exactly when something changed.
    boolean changed = next.changes() != current.changes();
    if (replay) {
      // Remembered even when nothing else changed: the replay asks for the customer again.
      next = next.withReplayedAt(record.timestamp());
      store.put(orderId, next);
    }
    if (changed) {
      // The newest source timestamp behind the state: monotone per order, so the order table
      // downstream never sees an update older than the last (out-of-order arrival is expected and
      // merged by version; it is not worth a KTable warning per record).
      next = next.withEventTime(Math.max(current.eventTime(), record.timestamp()));
      store.put(orderId, next);
    }
    if (!next.complete()) {
      incomplete.hold(orderId, context.currentSystemTimeMs());
    } else if (stored != null && !stored.complete()) {
      // Only an order that was held: a new order's first event costs no store write here.
      incomplete.release(orderId);
    }
    if ((changed || replay) && next.complete()) {
      context.forward(record.withValue(next).withTimestamp(next.eventTime()));
    }
  }
}
