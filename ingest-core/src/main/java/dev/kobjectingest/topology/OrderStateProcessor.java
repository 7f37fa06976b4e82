package dev.kobjectingest.topology;

import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.mapping.MappedEvent;
import dev.kobjectingest.mapping.OrderState;
import dev.kobjectingest.mapping.OrderStateMerger;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Merges each order's events into its state (latest wins per part) and forwards the state when it
 * changed and the order event has arrived. A replayed record ({@code ingest.replay.id}) is
 * forwarded even when it changes nothing, so a replay after a fix re-sends the write that failed.
 */
final class OrderStateProcessor implements Processor<String, MappedEvent, String, OrderState> {
  static final String STORE = "order-state";

  private ProcessorContext<String, OrderState> context;
  private KeyValueStore<String, OrderState> store;

  @Override
  public void init(ProcessorContext<String, OrderState> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, MappedEvent> record) {
    String orderId = record.key();
    OrderState current = store.get(orderId);
    if (current == null) {
      current = OrderState.empty(orderId);
    }
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
    if ((changed || replay) && next.complete()) {
      context.forward(record.withValue(next).withTimestamp(next.eventTime()));
    }
  }
}
